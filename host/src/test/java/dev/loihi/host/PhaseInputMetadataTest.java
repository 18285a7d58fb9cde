package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.common.LoihiException;
import org.junit.jupiter.api.Test;

/** A phase-coded CNN image whose output cast is damaged is refused in one line, naming the field. */
class PhaseInputMetadataTest {
    private static JsonNode meta(String cast) throws Exception {
        return new ObjectMapper().readTree("{\"encoding\": {\"windowSteps\": 10}, \"conversion\": {\"phase\": {"
                + "\"firstLayerWeights\": [[1]], \"firstLayerLimit\": [5], \"inputStep\": 0.125, \"inputCopies\": 4,"
                + " \"pipelineSteps\": 30, \"silentSteps\": 1000, \"inputRange\": [0, 1], \"outputCast\": " + cast + "}}}");
    }

    @Test
    void shouldRefuseAnUnknownOutputRounding() throws Exception {
        LoihiException e = assertThrows(LoihiException.class, () -> PhaseInput.of(meta("{\"unit\": 64, "
                + "\"quantumUnits\": 8, \"rounding\": \"SIDEWAYS\", \"low\": 0, \"values\": [0, 1], \"valueGrid\": 0.5}")));
        assertEquals(HostErrors.IMAGE_METADATA, e.code());
        assertTrue(e.getMessage().contains("outputCast.rounding=\"SIDEWAYS\""), e.getMessage());
    }

    @Test
    void shouldRefuseAMissingOutputCast() throws Exception {
        LoihiException e = assertThrows(LoihiException.class, () -> PhaseInput.of(meta("{}")));
        assertEquals(HostErrors.IMAGE_METADATA, e.code());
    }
}
