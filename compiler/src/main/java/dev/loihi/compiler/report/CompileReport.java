package dev.loihi.compiler.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a compilation produced and what it cost: one row per layer (precision, cores, chips),
 * one per core (resource use), utilization and the passes' warnings. Deterministic: the same
 * network and options give the same report.
 */
public final class CompileReport {
    private static final int MAX_SUMMARY_WARNINGS = 10;
    private static final int MAX_NAME_WIDTH = 24;

    private final String network;
    private final List<LayerRow> layers;
    private final List<CoreRow> cores;
    private final Utilization utilization;
    private final List<Diagnostic> warnings;
    private final ConversionReport conversion;

    public CompileReport(String network, List<LayerRow> layers, List<CoreRow> cores, Utilization utilization,
                         List<Diagnostic> warnings) {
        this(network, layers, cores, utilization, warnings, null);
    }

    private CompileReport(String network, List<LayerRow> layers, List<CoreRow> cores, Utilization utilization,
                          List<Diagnostic> warnings, ConversionReport conversion) {
        this.network = network;
        this.layers = List.copyOf(layers);
        this.cores = List.copyOf(cores);
        this.utilization = utilization;
        this.warnings = List.copyOf(warnings);
        this.conversion = conversion;
    }

    /** This report with how the model was converted (null for a network that was not converted). */
    public CompileReport withConversion(ConversionReport c) {
        return new CompileReport(network, layers, cores, utilization, warnings, c);
    }

    /** This report with {@code w} after its warnings. */
    public CompileReport withWarning(Diagnostic w) {
        List<Diagnostic> all = new java.util.ArrayList<>(warnings);
        all.add(w);
        return new CompileReport(network, layers, cores, utilization, all, conversion);
    }

    /** Synapses over every core: what the emulator's speed falls with, which the search's budgets count in. */
    public long synapses() {
        return cores.stream().mapToLong(CoreRow::synapses).sum();
    }

    /** How the normalization was chosen and what it loses; null when the network did not come from a model. */
    public ConversionReport conversion() {
        return conversion;
    }

    public String network() {
        return network;
    }

    public List<LayerRow> layers() {
        return layers;
    }

    public LayerRow layer(String name) {
        for (LayerRow row : layers) {
            if (row.name().equals(name)) {
                return row;
            }
        }
        throw new IllegalArgumentException("no layer named " + name);
    }

    public List<CoreRow> cores() {
        return cores;
    }

    public Utilization utilization() {
        return utilization;
    }

    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** {@code 250,560 (1,810,944)}: the bits used, and what discrete axons would take when they differ. */
    private static String synapseBits(LayerRow row) {
        String used = String.format(Locale.ROOT, "%,d", row.synapseBits());
        return row.denseSynapseBits() == row.synapseBits() ? used
                : used + String.format(Locale.ROOT, " (%,d)", row.denseSynapseBits());
    }

    /** The whole report as key-sorted JSON. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("network", network);
        json.put("layers", layers);
        json.put("cores", cores);
        json.put("utilization", utilization);
        json.put("warnings", warnings);
        if (conversion != null) {
            json.put("conversion", conversion);
        }
        return Json.write(json);
    }

    /** A one-screen text table: layers, core use, warnings (per-core rows are in {@link #toJson}). */
    public String toSummary() {
        return toSummary(MAX_SUMMARY_WARNINGS);
    }

    /** {@link #toSummary()} listing at most {@code maxWarnings} warnings, and how many more the JSON holds. */
    public String toSummary(int maxWarnings) {
        Utilization u = utilization;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "network %s: %d layers, %d cores on %d of %d chip(s), %d routes"
                        + " (%d between chips)\n", network, layers.size(), u.cores(), u.chipsUsed(), u.chipsAvailable(),
                u.routes(), u.interChipRoutes()));
        int width = 5;
        for (LayerRow row : layers) {
            width = Math.max(width, Math.min(MAX_NAME_WIDTH, row.name().length()));
        }
        String rowFormat = "%-" + width + "s %-12s %7s %5s %5s %8s %7s %5s %21s %6s %23s  %s\n";
        out.append(String.format(Locale.ROOT, rowFormat, "layer", "type", "neurons", "cores", "chips", "vth",
                "w.rms", "bits", "bias min..max", "rate", "syn.bits (as dense)", "scale set by"));
        for (LayerRow row : layers) {
            String name = row.name().length() > width ? row.name().substring(0, width - 1) + "~" : row.name();
            out.append(String.format(Locale.ROOT, rowFormat, name, row.type(), row.neurons(), row.cores(),
                    row.chips(), row.vth(), String.format(Locale.ROOT, "%.2f%%", 100 * row.weightRmsError()),
                    String.format(Locale.ROOT, "%.1f", row.bitsLost()), row.biasMin() + ".." + row.biasMax(),
                    String.format(Locale.ROOT, "%.3f", row.maxRate()), synapseBits(row), row.bindingLimit()));
        }
        out.append(String.format(Locale.ROOT, "core use mean/max: compartments %s, input axons %s, output axons %s,"
                        + " synapse memory %s\n", percent(u.meanCompartments(), u.maxCompartments()),
                percent(u.meanInputAxons(), u.maxInputAxons()), percent(u.meanOutputAxons(), u.maxOutputAxons()),
                percent(u.meanSynapseMemory(), u.maxSynapseMemory())));
        if (conversion != null) {
            out.append(conversion.toSummary());
        }
        if (!warnings.isEmpty()) {
            out.append("warnings (").append(warnings.size()).append("):").append("\n");
            for (int i = 0; i < Math.min(maxWarnings, warnings.size()); i++) {
                Diagnostic w = warnings.get(i);
                out.append("  [").append(w.code()).append("] ").append(w.message()).append("\n");
            }
            if (warnings.size() > maxWarnings) {
                out.append("  ... ").append(warnings.size() - maxWarnings).append(" more in the JSON report")
                        .append("\n");
            }
        }
        return out.toString();
    }

    private static String percent(double mean, double max) {
        return String.format(Locale.ROOT, "%.0f%%/%.0f%%", 100 * mean, 100 * max);
    }
}
