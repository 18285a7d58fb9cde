package dev.loihi.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one CORE section payload (layout in {@link CoreSectionEncoder}). It checks the
 * structure (counts fit the payload, reserved bits clear, synapse runs where the axon words
 * say); value ranges and indices are left to {@link ImageValidator}, which runs on the result.
 * Version 1 cores have no population axons, weight lists or route atoms.
 */
final class CoreSectionDecoder {
    private final PayloadReader in;
    private final int version;

    private CoreSectionDecoder(PayloadReader in, int version) {
        this.in = in;
        this.version = version;
    }

    static CoreImage decode(PayloadReader in, int version) {
        return new CoreSectionDecoder(in, version).core();
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
        List<WeightList> lists = new ArrayList<>();
        List<InputAxon> axons = inputAxons(formats, lists);

        boolean atoms = version >= 2;
        int[] routeStart = new int[compartments + 1];
        List<Integer> routeWords = new ArrayList<>();
        List<Integer> routeAtoms = new ArrayList<>();
        for (int c = 0; c < compartments; c++) {
            int routes = countU16("routeCount", atoms ? 6 : 4);
            for (int r = 0; r < routes; r++) {
                int word = in.u32("route");
                in.requireReserved(word, RegisterWords.ADDRESS_USED_MASK, "route");
                routeWords.add(word);
                routeAtoms.add(atoms ? in.u16("routeAtom") : 0);
            }
            routeStart[c + 1] = routeWords.size();
        }
        in.requireEnd();
        int[] routeCore = new int[routeWords.size()];
        int[] routeAxon = new int[routeWords.size()];
        int[] routeAtom = new int[routeWords.size()];
        for (int r = 0; r < routeCore.length; r++) {
            routeCore[r] = RegisterWords.addressCore(routeWords.get(r));
            routeAxon[r] = RegisterWords.addressLow(routeWords.get(r));
            routeAtom[r] = routeAtoms.get(r);
        }
        return new CoreImage(chip, coreOnChip, layer, compartments, vminExp, vmaxExp, profiles, vthMants, formats,
                cxProfile, vthProfile, biasMant, biasExp, axons, lists, routeStart, routeCore, routeAxon, routeAtom);
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

    /** Reads the input axons and (version 2 on) fills {@code lists} with the core's weight lists. */
    private List<InputAxon> inputAxons(List<SynapseFormat> formats, List<WeightList> lists) {
        int count = countU16("inputAxons", 4);
        int axonWordsOffset = in.position();
        int[] words = new int[count];
        for (int a = 0; a < count; a++) {
            words[a] = in.u32("inputAxon");
            boolean population = version >= 2 && RegisterWords.axonKind(words[a]) != RegisterWords.KIND_DISCRETE;
            in.requireReserved(words[a], population ? RegisterWords.POP_AXON_USED_MASK : RegisterWords.AXON_USED_MASK,
                    "inputAxon");
            if (population && RegisterWords.axonKind(words[a]) > RegisterWords.KIND_POP32) {
                throw in.corrupt("image input axon kind is invalid", "inputAxon", axonWordsOffset + 4L * a,
                        "axon=" + a + ", kind=" + RegisterWords.axonKind(words[a]));
            }
        }
        int listCount = version >= 2 ? countU16("weightLists", 2) : 0;
        int listWordsOffset = in.position();
        int[][] rowWords = new int[listCount][];
        for (int l = 0; l < listCount; l++) {
            rowWords[l] = new int[countU16("listAtoms", 4)];
            for (int k = 0; k < rowWords[l].length; k++) {
                rowWords[l][k] = in.u32("listRow");
                in.requireReserved(rowWords[l][k], RegisterWords.AXON_USED_MASK, "listRow");
            }
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
            int kind = version >= 2 ? RegisterWords.axonKind(words[a]) : RegisterWords.KIND_DISCRETE;
            if (kind != RegisterWords.KIND_DISCRETE) {
                axons.add(InputAxon.population(kind == RegisterWords.KIND_POP32 ? InputAxon.POP32 : InputAxon.POP16,
                        RegisterWords.populationList(words[a]), RegisterWords.populationBase(words[a])));
                continue;
            }
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
            axons.add(readAxon(memory, offset, synapses, format, f, "axon=" + a, memoryOffset));
            nextWord = offset + axonWords;
        }
        for (int l = 0; l < listCount; l++) {
            int format = -1;
            int[][] compartments = new int[rowWords[l].length][];
            int[][] weights = new int[rowWords[l].length][];
            for (int k = 0; k < rowWords[l].length; k++) {
                int word = rowWords[l][k];
                long at = listWordsOffset;
                int rowFormat = RegisterWords.axonFormat(word);
                if (rowFormat >= formats.size() || (k > 0 && rowFormat != format)) {
                    throw in.corrupt("image weight list row names a missing or second synapse format", "listRow", at,
                            "list=" + l + ", atom=" + k + ", format=" + rowFormat + ", formats=" + formats.size());
                }
                format = rowFormat;
                SynapseFormat f = formats.get(format);
                int synapses = RegisterWords.axonSynapses(word);
                int offset = RegisterWords.axonWordOffset(word);
                int rowWordCount = (int) (SynapseMemory.axonBits(synapses, f) / 64);
                if (offset != nextWord || offset + rowWordCount > memory.length) {
                    throw in.corrupt("image weight list runs are misplaced", "listRow", at, "list=" + l + ", atom=" + k
                            + ", wordOffset=" + offset + ", expectedOffset=" + nextWord + ", memoryWords=" + memory.length);
                }
                InputAxon row = readAxon(memory, offset, synapses, format, f, "list=" + l + ", atom=" + k, memoryOffset);
                compartments[k] = row.compartments();
                weights[k] = row.weightMants();
                nextWord = offset + rowWordCount;
            }
            lists.add(new WeightList(Math.max(format, 0), compartments, weights));
        }
        if (nextWord != memory.length) {
            throw in.corrupt("image synapse memory has unused words", "synapseWords", memoryCountOffset,
                    "usedWords=" + nextWord + ", memoryWords=" + memory.length);
        }
        return axons;
    }

    private InputAxon readAxon(long[] memory, int offset, int synapses, int formatIndex, SynapseFormat f, String axon,
                               int memoryOffset) {
        SynapseBitReader bits = new SynapseBitReader(memory, offset);
        int[] compartments = new int[synapses];
        int[] weights = new int[synapses];
        for (int start = 0; start < synapses; start += ChipLimits.SYNAPSE_RUN_MAX) {
            int end = Math.min(synapses, start + ChipLimits.SYNAPSE_RUN_MAX);
            int header = (int) bits.read(ChipLimits.SYNAPSE_RUN_HEADER_BITS);
            if (!f.dense() && header != end - start - 1) {
                throw in.corrupt("image sparse run header disagrees with the axon's synapse count", "synapseRun",
                        memoryOffset + 8L * bits.wordPosition(), axon + ", header=" + header
                                + ", expected=" + (end - start - 1));
            }
            for (int i = start; i < end; i++) {
                compartments[i] = f.dense() ? header + (i - start) : (int) bits.read(ChipLimits.SYNAPSE_INDEX_BITS);
                weights[i] = WeightField.decode((int) bits.read(f.weightBits()), f);
            }
            if (bits.readPadding() != 0) {
                throw in.corrupt("image synapse run padding is not zero", "synapseRun",
                        memoryOffset + 8L * bits.wordPosition(), axon);
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
