package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config spellings of Keras 2.0 to 3.x reduce to the same chain of layers. */
class KerasConfigParserTest {
    @Test
    void shouldReadOldSequentialWhoseConfigIsTheLayerList() {
        ModelSpec spec = KerasConfigParser.parse("""
                {"class_name": "Sequential", "config": [
                  {"class_name": "Dense", "config": {"name": "d1", "units": 8, "batch_input_shape": [null, 4]}},
                  {"class_name": "Dropout", "config": {"name": "drop", "rate": 0.5}},
                  {"class_name": "Dense", "config": {"name": "d2", "units": 2}}]}
                """, "old.json", "old");
        assertEquals("old", spec.name());
        assertArrayEquals(new int[] {4}, spec.inputShape());
        assertEquals(List.of("d1", "drop", "d2"), names(spec));
    }

    @Test
    void shouldReadKerasThreeSequentialWithModuleKeys() {
        ModelSpec spec = KerasConfigParser.parse("""
                {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6], "name": "input_layer"}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 3}, "registered_name": null}]},
                 "registered_name": null}
                """, "config.json", "x");
        assertEquals("seq", spec.name());
        assertArrayEquals(new int[] {6}, spec.inputShape());
        assertEquals(List.of("dense"), names(spec));
    }

    @Test
    void shouldTakeTheInputShapeFromBuildConfigWhenNoLayerHasIt() {
        ModelSpec spec = KerasConfigParser.parse("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 3}}]},
                 "build_config": {"input_shape": [null, 7]}}
                """, "m.json", "m");
        assertArrayEquals(new int[] {7}, spec.inputShape());
    }

    @Test
    void shouldLeaveTheInputShapeUnknownWhenNothingRecordsIt() {
        ModelSpec spec = KerasConfigParser.parse("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 3}}]}}
                """, "m.json", "m");
        assertNull(spec.inputShape());
    }

    @Test
    void shouldFollowKerasThreeInboundNodesFromOutputToInput() {
        ModelSpec spec = KerasConfigParser.parse("""
                {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "f", "layers": [
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "second", "units": 2}, "name": "second",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "keras_history": ["first", 0, 0]}}], "kwargs": {}}]},
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 9], "name": "in"}, "name": "in", "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "first", "units": 5}, "name": "first",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 9], "keras_history": ["in", 0, 0]}}], "kwargs": {"training": false}}]}],
                 "input_layers": [["in", 0, 0]], "output_layers": ["second", 0, 0]}}
                """, "f.json", "f");
        assertArrayEquals(new int[] {9}, spec.inputShape());
        assertEquals(List.of("first", "second"), names(spec));
    }

    @Test
    void shouldReportACustomLayerByItsRegisteredName() {
        ModelSpec spec = KerasConfigParser.parse("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"module": null, "class_name": "Dense", "registered_name": "MyPkg>FancyDense", "config": {"name": "fancy", "units": 3, "batch_input_shape": [null, 2]}}]}}
                """, "m.json", "m");
        assertEquals("MyPkg>FancyDense", spec.layers().get(0).className());
    }

    @Test
    void shouldRejectLayersOffTheChain() {
        LoihiException e = assertThrows(LoihiException.class, () -> KerasConfigParser.parse("""
                {"class_name": "Model", "config": {"name": "m", "layers": [
                  {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4]}, "inbound_nodes": []},
                  {"name": "a", "class_name": "Dense", "config": {"units": 3}, "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"name": "side", "class_name": "Dense", "config": {"units": 3}, "inbound_nodes": [[["in", 0, 0, {}]]]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["a", 0, 0]]}}
                """, "m.json", "m"));
        assertEquals(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, e.code());
    }

    @Test
    void shouldRejectTwoOutputs() {
        LoihiException e = assertThrows(LoihiException.class, () -> KerasConfigParser.parse("""
                {"class_name": "Model", "config": {"name": "m", "layers": [],
                 "input_layers": [["in", 0, 0]], "output_layers": [["a", 0, 0], ["b", 0, 0]]}}
                """, "m.json", "m"));
        assertEquals(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, e.code());
    }

    @Test
    void shouldRejectAModelClassThatIsNotSequentialOrFunctional() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> KerasConfigParser.parse("{\"class_name\": \"MySubclassedModel\", \"config\": {}}", "m.json", "m"));
        assertEquals(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, e.code());
    }

    @Test
    void shouldRejectJsonWithoutClassNameAsBadConfig() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> KerasConfigParser.parse("{\"config\": {}}", "m.json", "m"));
        assertEquals(CompilerErrors.KERAS_BAD_CONFIG, e.code());
    }

    @Test
    void shouldRejectAnUnknownBatchDimensionAsBadConfig() {
        LoihiException e = assertThrows(LoihiException.class, () -> KerasConfigParser.parse("""
                {"class_name": "Sequential", "config": [
                  {"class_name": "Dense", "config": {"name": "d1", "units": 8, "batch_input_shape": [null, null]}}]}
                """, "m.json", "m"));
        assertEquals(CompilerErrors.KERAS_BAD_CONFIG, e.code());
    }

    @Test
    void shouldRejectMalformedJsonAsBadJson() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> KerasConfigParser.parse("{\"class_name\": \"Sequential\", ", "m.json", "m"));
        assertEquals(CompilerErrors.KERAS_BAD_JSON, e.code());
    }

    private static List<String> names(ModelSpec spec) {
        return spec.layers().stream().map(LayerSpec::name).toList();
    }
}
