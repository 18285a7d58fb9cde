package dev.loihi.emulator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.common.LoihiException;
import dev.loihi.image.ChipLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the raw network JSON of RAW_FORMAT.md: per-compartment registers as a list of length n
 * or one number, the documented defaults for absent keys, inputs as spike_times or raster, and
 * extra keys ignored. The result has been through {@link RawNetworkValidator}.
 */
public final class RawNetworkReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String source;

    private RawNetworkReader(String source) {
        this.source = source;
    }

    public static RawNetwork read(Path file) {
        String text;
        try {
            text = dev.loihi.common.InputFiles.readText(file, dev.loihi.common.InputFiles.MAX_ARRAY_BYTES,
                    EmulatorErrors.RAW_IO, "raw network");
        } catch (LoihiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LoihiException(EmulatorErrors.RAW_IO, "cannot read raw network: file=" + file
                    + ", error=" + oneLine(String.valueOf(e.getMessage())), e);
        }
        return read(text, file.toString());
    }

    /** Parses {@code json}; {@code source} names it in error messages. */
    public static RawNetwork read(String json, String source) {
        return new RawNetworkReader(source).parse(json);
    }

    private RawNetwork parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new LoihiException(EmulatorErrors.RAW_MALFORMED, "raw network is not valid JSON: file=" + source
                    + (at != null ? ", line=" + at.getLineNr() + ", column=" + at.getColumnNr() : "")
                    + ", error=" + oneLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw malformed("top level", "value", "an object");
        }
        int steps = requiredInt(root, "top level", "steps");
        if (steps < 1) {
            throw new LoihiException(EmulatorErrors.RAW_RANGE, "raw network steps out of range: file=" + source
                    + ", key=steps, value=" + steps + ", min=1");
        }
        List<RawBlock> blocks = new ArrayList<>();
        for (JsonNode b : requiredArray(root, "top level", "blocks")) {
            blocks.add(block(b, blocks.size()));
        }
        List<RawInput> inputs = new ArrayList<>();
        for (JsonNode in : optionalArray(root, "top level", "inputs")) {
            inputs.add(input(in, inputs.size(), steps));
        }
        List<RawSynapse> synapses = new ArrayList<>();
        for (JsonNode s : optionalArray(root, "top level", "synapses")) {
            synapses.add(synapse(s, synapses.size()));
        }
        RawNetwork raw = new RawNetwork(steps, blocks, inputs, synapses);
        RawNetworkValidator.validate(raw, source);
        return raw;
    }

    private RawBlock block(JsonNode node, int index) {
        String where = "block=" + index;
        requireObject(node, where);
        String name = requiredText(node, where, "name");
        where = "block=" + name;
        int n = requiredInt(node, where, "n");
        if (n < 1) {
            throw new LoihiException(EmulatorErrors.RAW_RANGE, "raw block size out of range: file=" + source
                    + ", " + where + ", key=n, value=" + n + ", min=1");
        }
        if (n > ChipLimits.COMPARTMENTS_PER_CORE) {
            throw new LoihiException(EmulatorErrors.RAW_TOO_LARGE, "raw block does not fit one core: file=" + source
                    + ", " + where + ", key=n, value=" + n + ", limit=" + ChipLimits.COMPARTMENTS_PER_CORE);
        }
        if (!node.has("vth_mant")) {
            throw missing(where, "vth_mant");
        }
        return new RawBlock(name, n,
                perCompartment(node, where, "decay_u", n, RawBlock.DEFAULT_DECAY_U),
                perCompartment(node, where, "decay_v", n, RawBlock.DEFAULT_DECAY_V),
                perCompartment(node, where, "vth_mant", n, 0),
                perCompartment(node, where, "bias_mant", n, RawBlock.DEFAULT_BIAS_MANT),
                perCompartment(node, where, "bias_exp", n, RawBlock.DEFAULT_BIAS_EXP),
                perCompartment(node, where, "refract_delay", n, RawBlock.DEFAULT_REFRACT_DELAY),
                optionalInt(node, where, "vmin_exp", RawBlock.DEFAULT_VMIN_EXP),
                optionalInt(node, where, "vmax_exp", RawBlock.DEFAULT_VMAX_EXP));
    }

    private int[] perCompartment(JsonNode block, String where, String key, int n, int fallback) {
        JsonNode v = block.get(key);
        int[] values = new int[n];
        if (v == null || v.isNull()) {
            Arrays.fill(values, fallback);
        } else if (v.isArray()) {
            if (v.size() != n) {
                throw new LoihiException(EmulatorErrors.RAW_LENGTH, "raw list length differs from n: file=" + source
                        + ", " + where + ", key=" + key + ", length=" + v.size() + ", n=" + n);
            }
            for (int i = 0; i < n; i++) {
                values[i] = toInt(v.get(i), where, key + "[" + i + "]");
            }
        } else {
            Arrays.fill(values, toInt(v, where, key));
        }
        return values;
    }

    private RawInput input(JsonNode node, int index, int steps) {
        String where = "input=" + index;
        requireObject(node, where);
        String name = requiredText(node, where, "name");
        where = "input=" + name;
        int axons = requiredInt(node, where, "n_axons");
        if (axons < 1) {
            throw new LoihiException(EmulatorErrors.RAW_RANGE, "raw input axon count out of range: file=" + source
                    + ", " + where + ", key=n_axons, value=" + axons + ", min=1");
        }
        boolean hasTimes = node.hasNonNull("spike_times");
        boolean hasRaster = node.hasNonNull("raster");
        if (hasTimes == hasRaster) {
            throw new LoihiException(EmulatorErrors.RAW_CONFLICT, "raw input needs exactly one of spike_times and raster: file="
                    + source + ", " + where + ", spike_times=" + hasTimes + ", raster=" + hasRaster);
        }
        int[][] times = hasTimes ? spikeTimes(node.get("spike_times"), where, axons) : raster(node.get("raster"), where, axons, steps);
        return new RawInput(name, axons, times);
    }

    private int[][] spikeTimes(JsonNode v, String where, int axons) {
        if (!v.isArray()) {
            throw malformed(where, "spike_times", "a list of lists");
        }
        if (v.size() != axons) {
            throw new LoihiException(EmulatorErrors.RAW_LENGTH, "raw spike_times length differs from n_axons: file="
                    + source + ", " + where + ", key=spike_times, length=" + v.size() + ", n_axons=" + axons);
        }
        int[][] times = new int[axons][];
        for (int a = 0; a < axons; a++) {
            JsonNode row = v.get(a);
            if (!row.isArray()) {
                throw malformed(where, "spike_times[" + a + "]", "a list");
            }
            times[a] = new int[row.size()];
            for (int i = 0; i < row.size(); i++) {
                times[a][i] = toInt(row.get(i), where, "spike_times[" + a + "][" + i + "]");
            }
        }
        return times;
    }

    private int[][] raster(JsonNode v, String where, int axons, int steps) {
        if (!v.isArray()) {
            throw malformed(where, "raster", "a list of rows");
        }
        if (v.size() != steps) {
            throw new LoihiException(EmulatorErrors.RAW_LENGTH, "raw raster rows differ from steps: file=" + source
                    + ", " + where + ", key=raster, rows=" + v.size() + ", steps=" + steps);
        }
        // Sizes from the file are checked against the data before anything of their size is allocated.
        if (v.get(0).isArray() && v.get(0).size() != axons) {
            throw new LoihiException(EmulatorErrors.RAW_LENGTH, "raw raster row length differs from n_axons: file="
                    + source + ", " + where + ", key=raster, row=0, length=" + v.get(0).size() + ", n_axons=" + axons);
        }
        int[] counts = new int[axons];
        int[][] bits = new int[steps][];
        for (int t = 0; t < steps; t++) {
            JsonNode row = v.get(t);
            if (!row.isArray()) {
                throw malformed(where, "raster[" + t + "]", "a list");
            }
            if (row.size() != axons) {
                throw new LoihiException(EmulatorErrors.RAW_LENGTH, "raw raster row length differs from n_axons: file="
                        + source + ", " + where + ", key=raster, row=" + t + ", length=" + row.size() + ", n_axons=" + axons);
            }
            bits[t] = new int[axons];
            for (int a = 0; a < axons; a++) {
                int bit = toInt(row.get(a), where, "raster[" + t + "][" + a + "]");
                if (bit != 0 && bit != 1) {
                    throw new LoihiException(EmulatorErrors.RAW_RANGE, "raw raster entry is not 0 or 1: file=" + source
                            + ", " + where + ", key=raster, row=" + t + ", axon=" + a + ", value=" + bit);
                }
                bits[t][a] = bit;
                counts[a] += bit;
            }
        }
        int[][] times = new int[axons][];
        for (int a = 0; a < axons; a++) {
            times[a] = new int[counts[a]];
            int k = 0;
            for (int t = 0; t < steps; t++) {
                if (bits[t][a] == 1) {
                    times[a][k++] = t + 1;
                }
            }
        }
        return times;
    }

    private RawSynapse synapse(JsonNode node, int index) {
        String where = "synapse=" + index;
        requireObject(node, where);
        String pre = requiredText(node, where, "pre");
        String post = requiredText(node, where, "post");
        where = "synapse=" + index + " (" + pre + "->" + post + ")";
        int exp = requiredInt(node, where, "weight_exp");
        boolean hasWeights = node.hasNonNull("weights");
        boolean hasPopulation = node.hasNonNull("population");
        if (hasWeights && hasPopulation) {
            throw new LoihiException(EmulatorErrors.RAW_CONFLICT, "raw synapse needs exactly one of weights and population: file="
                    + source + ", " + where + ", weights=true, population=true");
        }
        if (hasPopulation) {
            return new RawSynapse(pre, post, null, exp, population(node.get("population"), where));
        }
        if (!hasWeights) {
            throw missing(where, "weights");
        }
        return new RawSynapse(pre, post, rows(node.get("weights"), where, "weights"), exp);
    }

    /** RAW_FORMAT.md, "Population synapses"; ranges and shapes are the validator's. */
    private RawPopulation population(JsonNode p, String where) {
        where = where + ", key=population";
        requireObject(p, where);
        int popType = requiredInt(p, where, "pop_type");
        int[] axon = intList(p, where, "axon");
        int[] atom = intList(p, where, "atom");
        int[] base = intList(p, where, "base");
        int[] list = intList(p, where, "list");
        List<RawPopulation.WeightList> lists = new ArrayList<>();
        for (JsonNode l : requiredArray(p, where, "lists")) {
            String at = where + ", list=" + lists.size();
            requireObject(l, at);
            if (!l.hasNonNull("weights")) {
                throw missing(at, "weights");
            }
            if (!l.hasNonNull("indices")) {
                throw missing(at, "indices");
            }
            lists.add(new RawPopulation.WeightList(rows(l.get("weights"), at, "weights"), rows(l.get("indices"), at, "indices")));
        }
        return new RawPopulation(popType, axon, atom, base, list, lists);
    }

    private int[] intList(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw missing(where, key);
        }
        if (!v.isArray()) {
            throw malformed(where, key, "a list");
        }
        int[] values = new int[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = toInt(v.get(i), where, key + "[" + i + "]");
        }
        return values;
    }

    private int[][] rows(JsonNode w, String where, String key) {
        if (!w.isArray()) {
            throw malformed(where, key, "a list of rows");
        }
        int[][] rows = new int[w.size()][];
        for (int i = 0; i < w.size(); i++) {
            JsonNode row = w.get(i);
            if (!row.isArray()) {
                throw malformed(where, key + "[" + i + "]", "a list");
            }
            rows[i] = new int[row.size()];
            for (int j = 0; j < row.size(); j++) {
                rows[i][j] = toInt(row.get(j), where, key + "[" + i + "][" + j + "]");
            }
        }
        return rows;
    }

    private void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw malformed(where, "value", "an object");
        }
    }

    private Iterable<JsonNode> requiredArray(JsonNode node, String where, String key) {
        if (!node.hasNonNull(key)) {
            throw missing(where, key);
        }
        return optionalArray(node, where, key);
    }

    private Iterable<JsonNode> optionalArray(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw malformed(where, key, "a list");
        }
        return v;
    }

    private String requiredText(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw missing(where, key);
        }
        if (!v.isTextual()) {
            throw malformed(where, key, "a string");
        }
        return v.asText();
    }

    private int requiredInt(JsonNode node, String where, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw missing(where, key);
        }
        return toInt(v, where, key);
    }

    private int optionalInt(JsonNode node, String where, String key, int fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : toInt(v, where, key);
    }

    /** Integers may be written as 7 or 7.0 (Python writers do both); 7.5 and "7" are errors. */
    private int toInt(JsonNode v, String where, String key) {
        if (v == null || !v.isNumber()) {
            throw malformed(where, key, "an integer");
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToInt()) {
                throw new LoihiException(EmulatorErrors.RAW_RANGE, "raw value out of range: file=" + source
                        + ", " + where + ", key=" + key + ", value=" + v.asText());
            }
            return v.intValue();
        }
        double d = v.doubleValue();
        if (d != Math.rint(d)) {
            throw malformed(where, key, "an integer");
        }
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new LoihiException(EmulatorErrors.RAW_RANGE, "raw value out of range: file=" + source
                    + ", " + where + ", key=" + key + ", value=" + v.asText());
        }
        return (int) d;
    }

    private LoihiException malformed(String where, String key, String expected) {
        return new LoihiException(EmulatorErrors.RAW_MALFORMED, "raw network value has the wrong type: file=" + source
                + ", " + where + ", key=" + key + ", expected=" + expected);
    }

    private LoihiException missing(String where, String key) {
        return new LoihiException(EmulatorErrors.RAW_MISSING, "raw network key missing: file=" + source
                + ", " + where + ", key=" + key);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
