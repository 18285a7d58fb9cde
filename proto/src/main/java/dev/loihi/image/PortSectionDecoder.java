package dev.loihi.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the INPUTS and OUTPUTS payloads (docs/IMAGE_FORMAT.md):
 *
 * <pre>
 *  INPUTS,  per port: name (u16 n, UTF-8) | axons u32 | per axon: targets u32, address word u32 * targets
 *  OUTPUTS, per port: name (u16 n, UTF-8) | kind u8 (0 SPIKES, 1 VOLTAGE) | size u32 | address word u32 * size
 * </pre>
 */
final class PortSectionDecoder {
    private PortSectionDecoder() {}

    static List<InputPort> inputs(PayloadReader in, int ports) {
        List<InputPort> result = new ArrayList<>();
        for (int p = 0; p < ports; p++) {
            String name = in.name("inputName");
            int axons = in.count32("inputAxons", 4);
            int[] targetStart = new int[axons + 1];
            List<Integer> words = new ArrayList<>();
            for (int a = 0; a < axons; a++) {
                int targets = in.count32("inputTargets", 4);
                for (int t = 0; t < targets; t++) {
                    int word = in.u32("inputTarget");
                    in.requireReserved(word, RegisterWords.ADDRESS_USED_MASK, "inputTarget");
                    words.add(word);
                }
                targetStart[a + 1] = words.size();
            }
            int[] targetCore = new int[words.size()];
            int[] targetAxon = new int[words.size()];
            for (int t = 0; t < targetCore.length; t++) {
                targetCore[t] = RegisterWords.addressCore(words.get(t));
                targetAxon[t] = RegisterWords.addressLow(words.get(t));
            }
            result.add(new InputPort(name, axons, targetStart, targetCore, targetAxon));
        }
        in.requireEnd();
        return result;
    }

    static List<OutputPort> outputs(PayloadReader in, int ports) {
        List<OutputPort> result = new ArrayList<>();
        for (int p = 0; p < ports; p++) {
            String name = in.name("outputName");
            int kindOffset = in.position();
            int kindCode = in.u8("outputKind");
            OutputPort.Kind kind = ImageLayout.outputKindOf(kindCode);
            if (kind == null) {
                throw in.corrupt("image output kind unknown", "outputKind", kindOffset,
                        "port=" + name + ", kind=" + kindCode);
            }
            int size = in.count32("outputSize", 4);
            int[] core = new int[size];
            int[] compartment = new int[size];
            for (int i = 0; i < size; i++) {
                int word = in.u32("outputEntry");
                in.requireReserved(word, RegisterWords.OUTPUT_ADDRESS_USED_MASK, "outputEntry");
                core[i] = RegisterWords.addressCore(word);
                compartment[i] = RegisterWords.addressLow(word);
            }
            result.add(new OutputPort(name, kind, core, compartment));
        }
        in.requireEnd();
        return result;
    }
}
