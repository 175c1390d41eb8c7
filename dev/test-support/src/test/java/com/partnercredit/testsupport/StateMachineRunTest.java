package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link StateMachineRun} records of an execution's states, which tests measure against Step Functions' limits. */
class StateMachineRunTest {
  private static final Template TEMPLATE = Template.parse("""
      Resources:
        Double:
          Type: AWS::Serverless::Function
        Machine:
          Type: AWS::Serverless::StateMachine
          Properties:
            DefinitionSubstitutions:
              DoubleFunction: !Ref Double.Alias
            Definition:
              StartAt: Each
              States:
                Each:
                  Type: Map
                  ItemsPath: $.numbers
                  ItemSelector:
                    n.$: $$.Map.Item.Value
                  ItemProcessor:
                    StartAt: Twice
                    States:
                      Twice:
                        Type: Task
                        Resource: arn:aws:states:::lambda:invoke
                        Parameters:
                          FunctionName: ${DoubleFunction}
                          Payload.$: $
                        OutputPath: $.Payload
                        End: true
                  ResultPath: $.doubled
                  Catch:
                    - ErrorEquals: [States.ALL]
                      ResultPath: $.failure
                      Next: Failed
                  End: true
                Failed:
                  Type: Fail
                  Error: Failed
      """);

  private static StateMachineRun machine() {
    return StateMachineRun.fromTemplate(TEMPLATE, "Machine", (function, payload) -> {
      int n = ((Number) ((Map<?, ?>) payload).get("n")).intValue();
      if (n < 0) {
        throw new IllegalArgumentException("negative");
      }
      return 2 * n;
    });
  }

  @Test
  void eachStateIsRecordedWithItsInputAndOutputMapIterationsByIndex() throws Exception {
    StateMachineRun machine = machine();

    machine.run(Map.of("numbers", List.of(1, 2)));

    List<StateMachineRun.StateData> states = machine.states();
    assertEquals(List.of("Each[0].Twice", "Each[1].Twice", "Each"),
        states.stream().map(StateMachineRun.StateData::state).toList());
    assertEquals(Map.of("n", 2), states.get(1).input());
    assertEquals(4, states.get(1).output());
    assertEquals(Map.of("numbers", List.of(1, 2)), states.get(2).input());
    assertEquals(Map.of("numbers", List.of(1, 2), "doubled", List.of(2, 4)), states.get(2).output());
  }

  @Test
  void aCaughtErrorIsTheStatesOutputAndTheFailStateHasNone() {
    StateMachineRun machine = machine();

    assertThrows(StateMachineRun.Failed.class, () -> machine.run(Map.of("numbers", List.of(-1))));

    List<StateMachineRun.StateData> states = machine.states();
    assertEquals(List.of("Each[0].Twice", "Each", "Failed"), states.stream().map(StateMachineRun.StateData::state).toList());
    assertNull(states.get(0).output(), "the error left the iteration uncaught");
    assertEquals("negative", ((Map<?, ?>) ((Map<?, ?>) states.get(1).output()).get("failure")).get("Cause"));
    assertNull(states.get(2).output());
    assertEquals(states.get(1).output(), states.get(2).input());
  }
}
