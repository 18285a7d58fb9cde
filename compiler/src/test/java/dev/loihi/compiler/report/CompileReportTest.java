package dev.loihi.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompileReportTest {
    private static final Network NETWORK = TestNetworks.dense(3, 16, 200, 700, 5);

    @Test
    void shouldSummarizeEveryLayerOnOneScreen() {
        CompileReport report = Compiler.compile(NETWORK).report();
        String summary = report.toSummary();
        String[] lines = summary.split("\n");
        assertTrue(lines.length <= 24, summary);
        for (String layer : List.of("h1", "h2", "out")) {
            assertTrue(summary.contains("\n" + layer + " "), summary);
        }
        assertTrue(lines[0].startsWith("network dense: 3 layers, "), lines[0]);
    }

    @Test
    void shouldWriteTheSameJsonTwice() {
        assertEquals(Compiler.compile(NETWORK).report().toJson(), Compiler.compile(NETWORK).report().toJson());
    }

    @Test
    void shouldWriteLayerCoreAndUtilizationRowsAsJson() throws Exception {
        CompileReport report = Compiler.compile(NETWORK).report();
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertEquals(3, json.get("layers").size());
        assertEquals(report.cores().size(), json.get("cores").size());
        JsonNode h2 = json.get("layers").get(1);
        assertEquals("h2", h2.get("name").asText());
        assertEquals(report.layer("h2").weightRmsError(), h2.get("weightRmsError").asDouble());
        assertEquals(report.layer("h2").vth(), h2.get("vth").asLong());
        assertEquals(report.utilization().cores(), json.get("utilization").get("cores").asInt());
        long bits = 0;
        for (JsonNode core : json.get("cores")) {
            bits += core.get("synapseBits").asLong();
        }
        assertTrue(bits > 0);
    }

    @Test
    void shouldListWarningsWithTheirCodes() {
        CompileReport report = new CompileReport("n", List.of(), List.of(),
                new Utilization(0, 128, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                List.of(new Diagnostic("DISCRETIZE_PRECISION", "h1", "weights lost precision: ensemble=h1")));
        assertTrue(report.toSummary().contains("[DISCRETIZE_PRECISION] weights lost precision: ensemble=h1"));
    }
}
