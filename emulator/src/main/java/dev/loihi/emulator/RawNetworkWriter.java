package dev.loihi.emulator;

import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link RawNetwork} as the JSON of RAW_FORMAT.md, the form {@link RawNetworkReader}
 * reads back. A per-compartment register that is the same for every compartment is written as
 * one number; inputs are always written as spike_times.
 */
public final class RawNetworkWriter {
    private RawNetworkWriter() {}

    public static void write(RawNetwork raw, Path file) {
        try {
            Files.writeString(file, toJson(raw));
        } catch (IOException e) {
            throw new LoihiException(EmulatorErrors.RAW_IO, "cannot write raw network: file=" + file
                    + ", error=" + RawNetworkReader.oneLine(e.getMessage()), e);
        }
    }

    public static String toJson(RawNetwork raw) {
        StringBuilder out = new StringBuilder(4096);
        out.append("{\n  \"steps\": ").append(raw.steps()).append(",\n  \"blocks\": [");
        List<RawBlock> blocks = raw.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n");
            block(out, blocks.get(i));
        }
        out.append(blocks.isEmpty() ? "],\n" : "\n  ],\n").append("  \"inputs\": [");
        List<RawInput> inputs = raw.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            RawInput in = inputs.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(JsonText.quote(in.name()))
                    .append(", \"n_axons\": ").append(in.axons()).append(", \"spike_times\": ");
            JsonText.rows(out, in.spikeTimes(), "    ");
            out.append('}');
        }
        out.append(inputs.isEmpty() ? "],\n" : "\n  ],\n").append("  \"synapses\": [");
        List<RawSynapse> synapses = raw.synapses();
        for (int i = 0; i < synapses.size(); i++) {
            RawSynapse s = synapses.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"pre\": ").append(JsonText.quote(s.pre()))
                    .append(", \"post\": ").append(JsonText.quote(s.post()))
                    .append(", \"weight_exp\": ").append(s.weightExp());
            if (s.isPopulation()) {
                population(out, s.population());
            } else {
                out.append(", \"weights\": ");
                JsonText.rows(out, s.weights(), "    ");
            }
            out.append('}');
        }
        out.append(synapses.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return out.toString();
    }

    private static void population(StringBuilder out, RawPopulation p) {
        out.append(",\n     \"population\": {\"pop_type\": ").append(p.popType()).append(",\n      \"axon\": ");
        JsonText.ints(out, p.axon());
        out.append(",\n      \"atom\": ");
        JsonText.ints(out, p.atom());
        out.append(",\n      \"base\": ");
        JsonText.ints(out, p.base());
        out.append(",\n      \"list\": ");
        JsonText.ints(out, p.list());
        out.append(",\n      \"lists\": [");
        for (int k = 0; k < p.lists().size(); k++) {
            RawPopulation.WeightList l = p.lists().get(k);
            out.append(k == 0 ? "\n" : ",\n").append("        {\"weights\": ");
            JsonText.rows(out, l.weights(), "        ");
            out.append(",\n         \"indices\": ");
            JsonText.rows(out, l.indices(), "        ");
            out.append('}');
        }
        out.append(p.lists().isEmpty() ? "]}" : "\n      ]}");
    }

    private static void block(StringBuilder out, RawBlock b) {
        out.append("    {\"name\": ").append(JsonText.quote(b.name())).append(", \"n\": ").append(b.n());
        register(out, "decay_u", b.decayU());
        register(out, "decay_v", b.decayV());
        register(out, "vth_mant", b.vthMant());
        register(out, "bias_mant", b.biasMant());
        register(out, "bias_exp", b.biasExp());
        register(out, "refract_delay", b.refractDelay());
        out.append(",\n     \"vmin_exp\": ").append(b.vminExp()).append(", \"vmax_exp\": ").append(b.vmaxExp()).append('}');
    }

    private static void register(StringBuilder out, String key, int[] values) {
        out.append(",\n     \"").append(key).append("\": ");
        if (values.length > 0 && allEqual(values)) {
            out.append(values[0]);
        } else {
            JsonText.ints(out, values);
        }
    }

    private static boolean allEqual(int[] values) {
        for (int v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }
}
