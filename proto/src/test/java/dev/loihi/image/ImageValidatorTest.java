package dev.loihi.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageValidatorTest {
    private static final Image BASE = ImageLayoutGoldenTest.tinyImage();

    /** The base image with its only core edited. */
    private static UnaryOperator<Image> core(Consumer<CoreBuilder> edit) {
        return image -> {
            CoreBuilder b = new CoreBuilder(image.cores().get(0));
            edit.accept(b);
            return new Image(image.chips(), List.of(b.build()), image.inputs(), image.outputs(), image.metadata());
        };
    }

    private static UnaryOperator<Image> axon(int index, InputAxon axon) {
        return core(b -> b.axons.set(index, axon));
    }

    private static UnaryOperator<Image> format(int index, SynapseFormat format) {
        return core(b -> b.formats.set(index, format));
    }

    /** A case: what is wrong, a text its message must hold (the limit or field), the edit. */
    private static Arguments limit(String name, String named, UnaryOperator<Image> edit) {
        return Arguments.of(name, named, edit, ImageErrors.IMAGE_LIMIT);
    }

    private static Arguments range(String name, String named, UnaryOperator<Image> edit) {
        return Arguments.of(name, named, edit, ImageErrors.IMAGE_RANGE);
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                limit("compartments over 1024", "limit=compartments", core(b -> b.compartments(1025))),
                limit("input axons over 4096", "limit=inputAxons", core(b -> b.axons.addAll(Collections.nCopies(4094,
                        new InputAxon(0, new int[0], new int[0]))))),
                limit("output slots over 4096", "limit=outputAxonSlots", core(b -> {
                    b.routeStart = new int[] {0, 4097, 4097, 4097, 4097, 4097, 4097, 4097, 4097};
                    b.routeCore = new int[4097];
                    b.routeAxon = new int[4097];
                })),
                limit("synapse memory over 1,048,576 bits", "limit=synapseBits", core(b -> {
                    b.compartments(1024);
                    int[] all = new int[1024];
                    int[] weights = new int[1024];
                    for (int c = 0; c < 1024; c++) {
                        all[c] = c;
                        weights[c] = c % 256;
                    }
                    b.axons = new ArrayList<>(Collections.nCopies(54, new InputAxon(0, all, weights)));
                })),
                limit("compartment profiles over 32", "limit=compartmentProfiles",
                        core(b -> b.profiles = Collections.nCopies(33,
                        new CompartmentProfile(0, 0, 1)))),
                limit("threshold profiles over 8", "limit=thresholdProfiles",
                        core(b -> b.vthMants = new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1})),
                limit("synapse formats over 8", "limit=synapseFormats", core(b -> {
                    while (b.formats.size() < 9) {
                        b.formats.add(b.formats.get(0));
                    }
                })),
                limit("cores over chips x 128", "limit=cores",
                        image -> new Image(1, Collections.nCopies(129, image.cores().get(0)),
                        List.of(), List.of(), "{}")),
                range("decayU 4096", "field=decayU", core(b -> b.profiles.set(0, new CompartmentProfile(4096, 0, 1)))),
                range("decayV -1", "field=decayV", core(b -> b.profiles.set(0, new CompartmentProfile(0, -1, 1)))),
                range("refract 0", "field=refractDelay", core(b -> b.profiles.set(0, new CompartmentProfile(0, 0, 0)))),
                range("refract 64", "field=refractDelay",
                        core(b -> b.profiles.set(0, new CompartmentProfile(0, 0, 64)))),
                range("vth 0", "field=vthMant", core(b -> b.vthMants[0] = 0)),
                range("vth 131072", "field=vthMant", core(b -> b.vthMants[0] = 131_072)),
                range("bias 4096", "field=biasMant", core(b -> b.biasMant[2] = 4096)),
                range("bias -4096", "field=biasMant", core(b -> b.biasMant[2] = -4096)),
                range("bias exp 8", "field=biasExp", core(b -> b.biasExp[2] = 8)),
                range("vmin exp 24", "field=vminExp", core(b -> b.vminExp = 24)),
                range("vmax exp 8", "field=vmaxExp", core(b -> b.vmaxExp = 8)),
                range("weight exp 8", "field=weightExp",
                        format(0, new SynapseFormat(8, SignMode.EXCITATORY, 8, false))),
                range("weight exp -8", "field=weightExp",
                        format(0, new SynapseFormat(8, SignMode.EXCITATORY, -8, false))),
                range("weight bits 0", "field=weightBits",
                        format(0, new SynapseFormat(0, SignMode.EXCITATORY, 0, false))),
                range("weight bits 9", "field=weightBits",
                        format(0, new SynapseFormat(9, SignMode.EXCITATORY, 0, false))),
                range("missing sign mode", "field=signMode", format(0, new SynapseFormat(8, null, 0, false))),
                range("compartment profile index", "field=compartmentProfile", core(b -> b.compartmentProfile[3] = 2)),
                range("threshold profile index", "field=thresholdProfile", core(b -> b.thresholdProfile[3] = 1)),
                range("excitatory weight -1", "field=weightMant",
                        axon(0, new InputAxon(0, new int[] {1}, new int[] {-1}))),
                range("excitatory weight 256", "field=weightMant",
                        axon(0, new InputAxon(0, new int[] {1}, new int[] {256}))),
                range("inhibitory weight 1", "field=weightMant",
                        axon(2, new InputAxon(2, new int[] {1}, new int[] {16}))),
                range("inhibitory 4-bit weight -241", "field=weightMant",
                        axon(2, new InputAxon(2, new int[] {1}, new int[] {-241}))),
                range("inhibitory 4-bit weight -256", "field=weightMant",
                        axon(2, new InputAxon(2, new int[] {1}, new int[] {-256}))),
                range("mixed odd weight 3", "field=weightMant",
                        axon(1, new InputAxon(1, new int[] {4}, new int[] {3}))),
                range("mixed weight 256", "field=weightMant",
                        axon(1, new InputAxon(1, new int[] {4}, new int[] {256}))),
                range("mixed weight -258", "field=weightMant",
                        axon(1, new InputAxon(1, new int[] {4}, new int[] {-258}))),
                range("synapse compartment past the core", "field=synapseCompartment",
                        axon(0, new InputAxon(0, new int[] {8}, new int[] {1}))),
                range("synapse compartments descending", "field=synapseCompartment",
                        axon(0, new InputAxon(0, new int[] {3, 1}, new int[] {1, 1}))),
                range("synapse compartment repeated", "field=synapseCompartment",
                        axon(0, new InputAxon(0, new int[] {1, 1}, new int[] {1, 1}))),
                range("dense run not consecutive", "dense run not consecutive",
                        axon(1, new InputAxon(1, new int[] {4, 6, 7}, new int[] {2, 2, 2}))),
                range("axon format index", "field=synapseFormat", axon(0, new InputAxon(3, new int[0], new int[0]))),
                range("route to a missing core", "field=routeCore", core(b -> b.routeCore[0] = 1)),
                range("route to a missing axon", "field=routeAxon", core(b -> b.routeAxon[0] = 3)),
                range("route table going backwards", "field=routeStart",
                        core(b -> b.routeStart = new int[] {0, 1, 0, 1, 1, 1, 1, 1, 1})),
                range("input target core", "field=targetCore",
                        image -> new Image(1, image.cores(), List.of(new InputPort("in", 1,
                        new int[] {0, 1}, new int[] {1}, new int[] {0})), image.outputs(), "{}")),
                range("input target axon", "field=targetAxon",
                        image -> new Image(1, image.cores(), List.of(new InputPort("in", 1,
                        new int[] {0, 1}, new int[] {0}, new int[] {3})), image.outputs(), "{}")),
                range("duplicate input name", "duplicate input name", image -> new Image(1, image.cores(),
                        List.of(image.inputs().get(0), image.inputs().get(0)), image.outputs(), "{}")),
                range("output core", "field=core,",
                        image -> new Image(1, image.cores(), image.inputs(), List.of(new OutputPort("o",
                        OutputPort.Kind.SPIKES, new int[] {1}, new int[] {0})), "{}")),
                range("output compartment", "field=compartment,",
                        image -> new Image(1, image.cores(), image.inputs(), List.of(
                        new OutputPort("o", OutputPort.Kind.SPIKES, new int[] {0}, new int[] {8})), "{}")),
                range("missing output kind", "field=kind", image -> new Image(1, image.cores(), image.inputs(), List.of(
                        new OutputPort("o", null, new int[] {0}, new int[] {0})), "{}")),
                range("chips 0", "field=chips",
                        image -> new Image(0, image.cores(), image.inputs(), image.outputs(), "{}")),
                range("chips 769", "field=chips",
                        image -> new Image(769, image.cores(), image.inputs(), image.outputs(), "{}")),
                range("core on a missing chip", "field=chip,", core(b -> b.chip = 1)),
                range("coreOnChip 128", "field=coreOnChip", core(b -> b.coreOnChip = 128)),
                range("two cores in one slot", "two cores share",
                        image -> new Image(1, List.of(image.cores().get(0), image.cores().get(0)),
                        image.inputs(), image.outputs(), "{}")),
                range("missing metadata", "field=metadata",
                        image -> new Image(1, image.cores(), image.inputs(), image.outputs(), null)),
                range("missing layer name", "field=layer", core(b -> b.layer = null)),
                range("layer name not UTF-8 encodable", "field=layer", core(b -> b.layer = "bad\uD800")),
                range("layer name over 65535 bytes", "field=layerBytes", core(b -> b.layer = "x".repeat(65_536))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void shouldRejectEachViolationWithItsCode(String name, String named, UnaryOperator<Image> edit, String code) {
        Image bad = edit.apply(BASE);
        LoihiException e = assertThrows(LoihiException.class, () -> ImageValidator.validate(bad));
        assertEquals(code, e.code(), name);
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void shouldNeverWriteAnImageTheValidatorRejects(String name, String named, UnaryOperator<Image> edit,
                                                    String code) {
        Image bad = edit.apply(BASE);
        assertEquals(code, assertThrows(LoihiException.class, () -> ImageWriter.write(bad)).code(), name);
    }

    @Test
    void shouldAcceptTheBaseImage() {
        assertDoesNotThrow(() -> ImageValidator.validate(BASE));
    }

    @Test
    void shouldAcceptEveryExtremeOfEveryRange() {
        Image edge = core(b -> {
            b.profiles.set(0, new CompartmentProfile(4095, 4095, 63));
            b.profiles.set(1, new CompartmentProfile(0, 0, 1));
            b.vthMants = new int[] {1, 131_071};
            b.thresholdProfile[1] = 1;
            b.biasMant[0] = -4095;
            b.biasExp[0] = 7;
            b.vminExp = 23;
            b.vmaxExp = 0;
            b.formats.set(0, new SynapseFormat(8, SignMode.EXCITATORY, -7, false));
            b.formats.set(2, new SynapseFormat(8, SignMode.INHIBITORY, 7, false));
            b.axons.set(0, new InputAxon(0, new int[] {0, 7}, new int[] {0, 255}));
            b.axons.set(1, new InputAxon(1, new int[] {0, 1}, new int[] {-256, 254}));
            b.axons.set(2, new InputAxon(2, new int[] {7}, new int[] {-255}));
        }).apply(BASE);
        assertEquals(edge, ImageReader.read(ImageWriter.write(edge), "edge"));
    }

    @Test
    void shouldNameCoreChipLayerLimitAndBothNumbers() {
        Image bad = core(b -> b.compartments(1025)).apply(BASE);
        String message = assertThrows(LoihiException.class, () -> ImageValidator.validate(bad)).getMessage();
        for (String part : List.of("core=0", "chip=0", "layer=L", "limit=compartments", "max=1024", "actual=1025")) {
            assertTrue(message.contains(part), message);
        }
    }

    @Test
    void shouldNameTheMantissaStepWhenAMixedWeightIsOdd() {
        Image bad = axon(1, new InputAxon(1, new int[] {4}, new int[] {3})).apply(BASE);
        String message = assertThrows(LoihiException.class, () -> ImageWriter.write(bad)).getMessage();
        assertTrue(message.contains("signMode=MIXED") && message.contains("step=2") && message.contains("actual=3"),
                message);
    }
}
