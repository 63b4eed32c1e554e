package dev.fairway.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Routing-outcome data: prompts, and for each model that was measured on a prompt its score in
 * [0, 1] and what the call cost. The format is {@code ../shared/data/routing/README.md}'s JSON
 * Lines: {@code {"id", "task", "prompt", "outcomes": {model: {"score", "cost_usd", "response"}}}}.
 * The task label is kept for reports and stratified splits only; no router reads it.
 *
 * @param scores rows × models, NaN where a model has no outcome for a prompt
 * @param costs rows × models (US dollars per call), NaN where absent
 */
public record OutcomeData(List<String> ids, List<String> tasks, List<String> prompts, List<String> models,
    double[][] scores, double[][] costs) {

  public int size() {
    return ids.size();
  }

  public int modelCount() {
    return models.size();
  }

  /** Reads one or more files; models are the union, in sorted order. Errors name the file and line. */
  public static OutcomeData load(List<Path> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    List<String> tasks = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    List<Map<String, double[]>> outcomes = new ArrayList<>();
    TreeSet<String> models = new TreeSet<>();
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
          no++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode n;
          try {
            n = json.readTree(line);
          } catch (IOException e) {
            throw new IOException(f + ":" + no + ": not valid JSON");
          }
          String prompt = n.path("prompt").isTextual() ? n.path("prompt").asText() : null;
          if (prompt == null) {
            throw new IOException(f + ":" + no + ": missing \"prompt\" (a string)");
          }
          JsonNode out = n.path("outcomes");
          if (!out.isObject() || out.isEmpty()) {
            throw new IOException(f + ":" + no + ": missing \"outcomes\" (an object of model -> {score, cost_usd})");
          }
          Map<String, double[]> row = new LinkedHashMap<>();
          for (Map.Entry<String, JsonNode> e : out.properties()) {
            JsonNode s = e.getValue().path("score");
            JsonNode c = e.getValue().path("cost_usd");
            if (!s.isNumber() || !c.isNumber()) {
              throw new IOException(f + ":" + no + ": outcomes." + e.getKey() + " needs numeric score and cost_usd");
            }
            double score = s.asDouble();
            if (score < 0 || score > 1 || c.asDouble() < 0) {
              throw new IOException(f + ":" + no + ": outcomes." + e.getKey() + ": score must be in [0, 1], cost >= 0");
            }
            row.put(e.getKey(), new double[] {score, c.asDouble()});
            models.add(e.getKey());
          }
          ids.add(n.path("id").asText(f.getFileName() + ":" + no));
          tasks.add(n.path("task").asText(""));
          prompts.add(prompt);
          outcomes.add(row);
        }
      } catch (NoSuchFileException e) {
        throw new IOException(f + ": file not found");
      }
    }
    if (ids.isEmpty()) {
      throw new IOException(files + ": no prompts");
    }
    List<String> ms = List.copyOf(models);
    double[][] scores = new double[ids.size()][ms.size()];
    double[][] costs = new double[ids.size()][ms.size()];
    for (int i = 0; i < ids.size(); i++) {
      Arrays.fill(scores[i], Double.NaN);
      Arrays.fill(costs[i], Double.NaN);
      for (Map.Entry<String, double[]> e : outcomes.get(i).entrySet()) {
        int j = ms.indexOf(e.getKey());
        scores[i][j] = e.getValue()[0];
        costs[i][j] = e.getValue()[1];
      }
    }
    return new OutcomeData(ids, tasks, prompts, ms, scores, costs);
  }

  /** The rows at these indexes, same models. */
  public OutcomeData subset(int[] rows) {
    List<String> i = new ArrayList<>(rows.length);
    List<String> t = new ArrayList<>(rows.length);
    List<String> p = new ArrayList<>(rows.length);
    double[][] s = new double[rows.length][];
    double[][] c = new double[rows.length][];
    for (int k = 0; k < rows.length; k++) {
      i.add(ids.get(rows[k]));
      t.add(tasks.get(rows[k]));
      p.add(prompts.get(rows[k]));
      s[k] = scores[rows[k]];
      c[k] = costs[rows[k]];
    }
    return new OutcomeData(i, t, p, models, s, c);
  }

  /** The same prompts with columns re-ordered (and NaN-filled) to {@code target}'s models. */
  public OutcomeData alignedTo(List<String> target) {
    double[][] s = new double[size()][target.size()];
    double[][] c = new double[size()][target.size()];
    for (int i = 0; i < size(); i++) {
      for (int j = 0; j < target.size(); j++) {
        int from = models.indexOf(target.get(j));
        s[i][j] = from < 0 ? Double.NaN : scores[i][from];
        c[i][j] = from < 0 ? Double.NaN : costs[i][from];
      }
    }
    return new OutcomeData(ids, tasks, prompts, target, s, c);
  }

  /** Each model's mean score over the prompts it was measured on (NaN if none). */
  public double[] meanScores() {
    return columnMeans(scores);
  }

  public double[] meanCosts() {
    return columnMeans(costs);
  }

  private double[] columnMeans(double[][] m) {
    double[] sum = new double[modelCount()];
    int[] n = new int[modelCount()];
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        if (!Double.isNaN(row[j])) {
          sum[j] += row[j];
          n[j]++;
        }
      }
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] = n[j] == 0 ? Double.NaN : sum[j] / n[j];
    }
    return sum;
  }

  /** Prompt lengths in characters (the cost model's input). */
  public double[] promptChars() {
    double[] c = new double[size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = prompts.get(i).length();
    }
    return c;
  }
}
