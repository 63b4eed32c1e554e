package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.routing.embed.Embedder;
import dev.fairway.routing.embed.Embedders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in task classes recognise prompts that are not among their examples (real ONNX embedder). */
class BuiltinTasksTest {
  static TaskClassifier classifier;
  static Embedder embedder;

  @BeforeAll
  static void load() {
    embedder = Embedders.get("minilm");
    classifier = TaskClassifier.of(BuiltinTasks.rules(), embedder::embed, RoutingSettings.DEFAULT_MIN_TASK_SIMILARITY);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Write a Go function that reverses a singly linked list in place.|code",
      "This Python script raises KeyError on line 12, can you fix it?|code",
      "Summarize this quarterly report in five bullet points for the board.|extraction",
      "Extract all email addresses and phone numbers from the text below.|extraction",
      "hey, good morning!|light",
      "thanks a million, you are the best|light",
      "Lay out a six-month roadmap to migrate our payments system to a new provider, with phases and risks.|planning",
      "Prove that there are infinitely many prime numbers.|reasoning",
      "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much is the ball? Reason step by step.|reasoning"})
  void recognisesUnseenPromptsOfEachClass(String prompt, String task) {
    TaskClassifier.Match m = classifier.classify(embedder.embed(prompt));
    assertThat(m).isNotNull();
    assertThat(m.task()).isEqualTo(task);
  }

  @Test
  void everyClassHasExamplesAndAnObjective() {
    assertThat(BuiltinTasks.rules()).allSatisfy(r -> {
      assertThat(r.examples()).hasSizeGreaterThanOrEqualTo(5);
      assertThat(r.objective()).isNotNull();
      assertThat(r.candidates()).as("built-in classes name no model or vendor").isEmpty();
    });
  }
}
