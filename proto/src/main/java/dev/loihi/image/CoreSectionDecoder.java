package dev.loihi.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one CORE section payload (layout in {@link CoreSectionEncoder}). It checks the
 * structure (counts fit the payload, reserved bits clear, synapse runs where the axon words
 * say); value ranges and indices are left to {@link ImageValidator}, which runs on the result.
 */
final class CoreSectionDecoder {
    private final PayloadReader in;

    private CoreSectionDecoder(PayloadReader in) {
        this.in = in;
    }

    static CoreImage decode(PayloadReader in) {
        return new CoreSectionDecoder(in).core();
    }

    private CoreImage core() {
        int chip = in.u16("chip");
        int coreOnChip = in.u16("coreOnChip");
        String layer = in.name("layer");
        int compartments = countU16("compartments", 4);
        int vminExp = in.u8("vminExp");
        int vmaxExp = in.u8("vmaxExp");

        int profileCount = countU8("compartmentProfiles", 4);
        List<CompartmentProfile> profiles = new ArrayList<>(profileCount);
        for (int i = 0; i < profileCount; i++) {
            int word = in.u32("compartmentProfile");
            in.requireReserved(word, RegisterWords.PROFILE_USED_MASK, "compartmentProfile");
            profiles.add(RegisterWords.compartmentProfile(word));
        }
        int[] vthMants = new int[countU8("thresholdProfiles", 4)];
        for (int i = 0; i < vthMants.length; i++) {
            int word = in.u32("thresholdProfile");
            in.requireReserved(word, RegisterWords.THRESHOLD_USED_MASK, "thresholdProfile");
            vthMants[i] = RegisterWords.threshold(word);
        }
        List<SynapseFormat> formats = formats();

        int[] cxProfile = new int[compartments];
        int[] vthProfile = new int[compartments];
        int[] biasMant = new int[compartments];
        int[] biasExp = new int[compartments];
        for (int c = 0; c < compartments; c++) {
            int word = in.u32("compartmentConfig");
            in.requireReserved(word, RegisterWords.CONFIG_USED_MASK, "compartmentConfig");
            cxProfile[c] = RegisterWords.configCompartmentProfile(word);
            vthProfile[c] = RegisterWords.configThresholdProfile(word);
            biasMant[c] = RegisterWords.configBiasMant(word);
            biasExp[c] = RegisterWords.configBiasExp(word);
        }
        List<InputAxon> axons = inputAxons(formats);

        int[] routeStart = new int[compartments + 1];
        List<Integer> routeWords = new ArrayList<>();
        for (int c = 0; c < compartments; c++) {
            int routes = countU16("routeCount", 4);
            for (int r = 0; r < routes; r++) {
                int word = in.u32("route");
                in.requireReserved(word, RegisterWords.ADDRESS_USED_MASK, "route");
                routeWords.add(word);
            }
            routeStart[c + 1] = routeWords.size();
        }
        in.requireEnd();
        int[] routeCore = new int[routeWords.size()];
        int[] routeAxon = new int[routeWords.size()];
        for (int r = 0; r < routeCore.length; r++) {
            routeCore[r] = RegisterWords.addressCore(routeWords.get(r));
            routeAxon[r] = RegisterWords.addressLow(routeWords.get(r));
        }
        return new CoreImage(chip, coreOnChip, layer, compartments, vminExp, vmaxExp, profiles, vthMants, formats,
                cxProfile, vthProfile, biasMant, biasExp, axons, routeStart, routeCore, routeAxon);
    }

    private List<SynapseFormat> formats() {
        int count = countU8("synapseFormats", 2);
        List<SynapseFormat> formats = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int word = in.u16("synapseFormat");
            boolean reservedSet = (word & ~RegisterWords.FORMAT_USED_MASK) != 0;
            if (reservedSet || ImageLayout.signModeOf(RegisterWords.formatSignCode(word)) == null) {
                throw in.corrupt("image synapse format word is invalid", "synapseFormat", in.position() - 2L,
                        "format=" + i + ", word=0x" + Integer.toHexString(word));
            }
            SynapseFormat f = RegisterWords.format(word);
            if (f.weightBits() < 1 || f.weightBits() > ChipLimits.WEIGHT_BITS) {
                // Unpacking weights needs a usable width; the validator would reject it anyway.
                throw in.corrupt("image synapse format has no valid weight width", "synapseFormat",
                        in.position() - 2L, "format=" + i + ", weightBits=" + f.weightBits());
            }
            formats.add(f);
        }
        return formats;
    }

    private List<InputAxon> inputAxons(List<SynapseFormat> formats) {
        int count = countU16("inputAxons", 4);
        int axonWordsOffset = in.position();
        int[] words = new int[count];
        for (int a = 0; a < count; a++) {
            words[a] = in.u32("inputAxon");
            in.requireReserved(words[a], RegisterWords.AXON_USED_MASK, "inputAxon");
        }
        int memoryCountOffset = in.position();
        long[] memory = new long[in.count32("synapseWords", 8)];
        int memoryOffset = in.position();
        for (int w = 0; w < memory.length; w++) {
            memory[w] = in.u64("synapseWord");
        }
        List<InputAxon> axons = new ArrayList<>(count);
        int nextWord = 0;
        for (int a = 0; a < count; a++) {
            int format = RegisterWords.axonFormat(words[a]);
            if (format >= formats.size()) {
                throw in.corrupt("image input axon names a missing synapse format", "inputAxon",
                        axonWordsOffset + 4L * a, "axon=" + a + ", format=" + format + ", formats=" + formats.size());
            }
            SynapseFormat f = formats.get(format);
            int synapses = RegisterWords.axonSynapses(words[a]);
            int offset = RegisterWords.axonWordOffset(words[a]);
            int axonWords = (int) (SynapseMemory.axonBits(synapses, f) / 64);
            // Runs are laid out axon after axon with no gaps; anything else is not what a writer makes.
            if (offset != nextWord || offset + axonWords > memory.length) {
                throw in.corrupt("image input axon runs are misplaced", "inputAxon", axonWordsOffset + 4L * a,
                        "axon=" + a + ", wordOffset=" + offset + ", expectedOffset=" + nextWord
                                + ", words=" + axonWords + ", memoryWords=" + memory.length);
            }
            axons.add(readAxon(memory, offset, synapses, format, f, a, memoryOffset));
            nextWord = offset + axonWords;
        }
        if (nextWord != memory.length) {
            throw in.corrupt("image synapse memory has unused words", "synapseWords", memoryCountOffset,
                    "usedWords=" + nextWord + ", memoryWords=" + memory.length);
        }
        return axons;
    }

    private InputAxon readAxon(long[] memory, int offset, int synapses, int formatIndex, SynapseFormat f, int axon,
                               int memoryOffset) {
        SynapseBitReader bits = new SynapseBitReader(memory, offset);
        int[] compartments = new int[synapses];
        int[] weights = new int[synapses];
        for (int start = 0; start < synapses; start += ChipLimits.SYNAPSE_RUN_MAX) {
            int end = Math.min(synapses, start + ChipLimits.SYNAPSE_RUN_MAX);
            int header = (int) bits.read(ChipLimits.SYNAPSE_RUN_HEADER_BITS);
            if (!f.dense() && header != end - start - 1) {
                throw in.corrupt("image sparse run header disagrees with the axon's synapse count", "synapseRun",
                        memoryOffset + 8L * bits.wordPosition(), "axon=" + axon + ", header=" + header
                                + ", expected=" + (end - start - 1));
            }
            for (int i = start; i < end; i++) {
                compartments[i] = f.dense() ? header + (i - start) : (int) bits.read(ChipLimits.SYNAPSE_INDEX_BITS);
                weights[i] = WeightField.decode((int) bits.read(f.weightBits()), f);
            }
            if (bits.readPadding() != 0) {
                throw in.corrupt("image synapse run padding is not zero", "synapseRun",
                        memoryOffset + 8L * bits.wordPosition(), "axon=" + axon);
            }
        }
        return new InputAxon(formatIndex, compartments, weights);
    }

    private int countU8(String field, int minBytesEach) {
        long at = in.position();
        return in.bounded(in.u8(field), minBytesEach, field, at);
    }

    private int countU16(String field, int minBytesEach) {
        long at = in.position();
        return in.bounded(in.u16(field), minBytesEach, field, at);
    }
}
