package dev.loihi.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Population axons, weight lists and route atoms (format version 2): written and read back
 * exactly, each list costed once however many axons share it, the chip's rules enforced, and
 * version 1 images still read.
 */
class PopulationImageTest {
    private static final SynapseFormat SPARSE_MIXED = new SynapseFormat(8, SignMode.MIXED, 0, false);
    private static final SynapseFormat DENSE_EXC = new SynapseFormat(8, SignMode.EXCITATORY, -1, true);

    /** Core 0 (8 compartments) sends to core 1 (40): a discrete axon, pop16 axons sharing list 0, an unused one, a pop32 axon on list 1. */
    static Image image(List<InputAxon> receiverAxons, int[] routeAxon, int[] routeAtom) {
        WeightList list0 = new WeightList(0, new int[][] {{0, 3, 9}, {1, 2}}, new int[][] {{10, -20, 30}, {-2, 4}});
        WeightList list1 = new WeightList(1, new int[][] {{0, 1, 2}, {5}, {}}, new int[][] {{1, 2, 3}, {255}, {}});
        int n0 = 8;
        // every route leaves compartment 0
        int[] routeStart = new int[n0 + 1];
        Arrays.fill(routeStart, 1, n0 + 1, routeAxon.length);
        CoreImage sender = new CoreImage(0, 0, "A", n0, 0, 7, List.of(new CompartmentProfile(4095, 0, 1)),
                new int[] {10}, List.of(SPARSE_MIXED), new int[n0], new int[n0], new int[n0], new int[n0],
                List.of(new InputAxon(0, new int[] {0}, new int[] {100})), List.of(), routeStart,
                new int[routeAxon.length], routeAxon, routeAtom);
        for (int r = 0; r < routeAxon.length; r++) {
            sender.routeCore()[r] = 1;
        }
        int n1 = 40;
        CoreImage receiver = new CoreImage(0, 1, "B", n1, 0, 7, List.of(new CompartmentProfile(4095, 0, 1)),
                new int[] {20}, List.of(SPARSE_MIXED, DENSE_EXC), new int[n1], new int[n1], new int[n1], new int[n1],
                receiverAxons, List.of(list0, list1), new int[n1 + 1], new int[0], new int[0], new int[0]);
        InputPort in = new InputPort("in", 1, new int[] {0, 1}, new int[] {0}, new int[] {0});
        OutputPort out = new OutputPort("out", OutputPort.Kind.SPIKES, new int[] {1}, new int[] {0});
        return new Image(1, List.of(sender, receiver), List.of(in), List.of(out), "{}");
    }

    static List<InputAxon> axons() {
        return List.of(new InputAxon(0, new int[] {2, 5}, new int[] {6, -8}), InputAxon.population(16, 0, 0),
                InputAxon.population(16, 0, 12), InputAxon.population(16, 0, -1), InputAxon.population(32, 1, 7));
    }

    static Image valid() {
        // compartment 0 reaches axons 1, 2, 4, 1 with atoms 0, 1, 2, 1
        return image(axons(), new int[] {1, 2, 4, 1}, new int[] {0, 1, 2, 1});
    }

    @Test
    void shouldReadBackPopulationAxonsListsAndAtoms() {
        Image image = valid();
        byte[] bytes = ImageWriter.write(image);
        assertEquals(image, ImageReader.read(bytes, "pop"));
        assertArrayEquals(bytes, ImageWriter.write(valid()));
    }

    @Test
    void shouldCostEachSharedListOnce() {
        CoreImage core = valid().cores().get(1);
        long discrete = SynapseMemory.axonBits(2, SPARSE_MIXED);
        long list0 = SynapseMemory.axonBits(3, SPARSE_MIXED) + SynapseMemory.axonBits(2, SPARSE_MIXED);
        long list1 = SynapseMemory.axonBits(3, DENSE_EXC) + SynapseMemory.axonBits(1, DENSE_EXC);
        assertEquals(discrete + list0 + list1, ImageStats.synapseBits(core));
        List<InputAxon> more = new ArrayList<>(axons());
        for (int k = 0; k < 50; k++) {
            more.add(InputAxon.population(16, 0, 4 * (k % 8)));
        }
        Image shared = image(more, new int[] {1}, new int[] {0});
        assertEquals(ImageStats.synapseBits(core), ImageStats.synapseBits(shared.cores().get(1)));
        assertEquals(discrete + list0 + list1, 64L * SynapseMemoryPacker.pack(shared.cores().get(1)).words().length);
    }

    @Test
    void shouldCountTwoOutputSlotsPerRouteToAPop32Axon() {
        Image image = valid();
        assertEquals(5, image.cores().get(0).outputAxonSlots(image.cores()));
        assertEquals(4, image.cores().get(0).routes());
        int routes = ChipLimits.OUTPUT_AXON_SLOTS_PER_CORE / 2 + 1;
        int[] toPop16 = new int[routes];
        Arrays.fill(toPop16, 1);
        assertEquals(routes, ImageStats.perCore(image(axons(), toPop16, new int[routes])).get(0).outputAxonSlots());
        int[] toPop32 = new int[routes];
        Arrays.fill(toPop32, 4);
        LoihiException e = assertThrows(LoihiException.class,
                () -> ImageValidator.validate(image(axons(), toPop32, new int[routes])));
        assertEquals(ImageErrors.IMAGE_LIMIT, e.code());
        assertTrue(e.getMessage().contains("outputAxonSlots"), e.getMessage());
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                bad("pop16 base not a multiple of 4", "populationBase", a -> set(a, 1, InputAxon.population(16, 0, 6))),
                bad("base over 255", "populationBase", a -> set(a, 4, InputAxon.population(32, 1, 256))),
                bad("list past the core's end", "populationReach", a -> set(a, 2, InputAxon.population(16, 0, 32))),
                bad("missing list", "populationList", a -> set(a, 1, InputAxon.population(16, 2, 0))),
                bad("unknown pop type", "popType", a -> set(a, 1, InputAxon.population(24, 0, 0))));
    }

    private static Arguments bad(String name, String field, UnaryOperator<List<InputAxon>> edit) {
        return Arguments.of(name, field, edit);
    }

    private static List<InputAxon> set(List<InputAxon> axons, int index, InputAxon axon) {
        List<InputAxon> copy = new ArrayList<>(axons);
        copy.set(index, axon);
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void shouldRefusePopulationAxonsTheChipCannotHold(String name, String field, UnaryOperator<List<InputAxon>> edit) {
        Image image = image(edit.apply(axons()), new int[] {1}, new int[] {0});
        LoihiException e = assertThrows(LoihiException.class, () -> ImageValidator.validate(image));
        assertEquals(ImageErrors.IMAGE_RANGE, e.code(), name);
        assertTrue(e.getMessage().contains("field=" + field), e.getMessage());
    }

    @Test
    void shouldRefuseAnAtomPastTheListAndAnAtomOnADiscreteRoute() {
        LoihiException pastList = assertThrows(LoihiException.class,
                () -> ImageValidator.validate(image(axons(), new int[] {1}, new int[] {2})));
        assertTrue(pastList.getMessage().contains("field=routeAtom"), pastList.getMessage());
        LoihiException discrete = assertThrows(LoihiException.class,
                () -> ImageValidator.validate(image(axons(), new int[] {0}, new int[] {1})));
        assertTrue(discrete.getMessage().contains("field=routeAtom"), discrete.getMessage());
    }

    @Test
    void shouldRefuseAHostTargetOnAPopulationAxon() {
        Image base = valid();
        Image hostToPop = new Image(1, base.cores(), List.of(new InputPort("in", 1, new int[] {0, 1}, new int[] {1},
                new int[] {1})), base.outputs(), "{}");
        LoihiException e = assertThrows(LoihiException.class, () -> ImageValidator.validate(hostToPop));
        assertEquals(ImageErrors.IMAGE_RANGE, e.code());
        assertTrue(e.getMessage().contains("population axon"), e.getMessage());
    }

    @Test
    void shouldRefuseAPop16AxonIndexItsSpikeCannotAddress() {
        // 64 atoms take 6 bits: one lent from the axon field, so pop16 axons stop at 512
        int[][] idx = new int[64][];
        int[][] mants = new int[64][];
        Arrays.setAll(idx, k -> new int[] {0});
        Arrays.setAll(mants, k -> new int[] {2});
        List<InputAxon> axons = new ArrayList<>();
        for (int a = 0; a < 513; a++) {
            axons.add(InputAxon.population(16, 0, 0));
        }
        CoreImage c = valid().cores().get(1);
        CoreImage wide = new CoreImage(0, 1, "B", c.compartments(), 0, 7, c.compartmentProfiles(), c.vthMants(),
                c.synapseFormats(), c.compartmentProfile(), c.thresholdProfile(), c.biasMant(), c.biasExp(), axons,
                List.of(new WeightList(0, idx, mants)), c.routeStart(), c.routeCore(), c.routeAxon(), c.routeAtom());
        Image image = new Image(1, List.of(valid().cores().get(0), wide), List.of(), List.of(), "{}");
        Image fixedRoutes = withoutRoutes(image);
        LoihiException e = assertThrows(LoihiException.class, () -> ImageValidator.validate(fixedRoutes));
        assertTrue(e.getMessage().contains("field=populationAxonIndex") && e.getMessage().contains("axon=512"),
                e.getMessage());
    }

    private static Image withoutRoutes(Image image) {
        CoreImage s = image.cores().get(0);
        CoreImage quiet = new CoreImage(s.chip(), s.coreOnChip(), s.layer(), s.compartments(), s.vminExp(), s.vmaxExp(),
                s.compartmentProfiles(), s.vthMants(), s.synapseFormats(), s.compartmentProfile(), s.thresholdProfile(),
                s.biasMant(), s.biasExp(), s.inputAxons(), new int[s.compartments() + 1], new int[0], new int[0]);
        return new Image(image.chips(), List.of(quiet, image.cores().get(1)), image.inputs(), image.outputs(),
                image.metadata());
    }

    @Test
    void shouldStillReadVersion1Images() {
        // the golden image without routes, written as version 2, then cut back to version 1's layout
        Image image = withoutRoutesTiny();
        byte[] v2 = ImageWriter.write(image);
        ImageBytes.Section s = ImageBytes.first(v2, ImageSection.CORE);
        CoreImage core = image.cores().get(0);
        int listCountAt = 2 + 2 + 2 + core.layer().length() + 2 + 1 + 1 + 1 + 4 * core.compartmentProfiles().size()
                + 1 + 4 * core.vthMants().length + 1 + 2 * core.synapseFormats().size() + 4 * core.compartments()
                + 2 + 4 * core.inputAxons().size();
        byte[] payload = Arrays.copyOfRange(v2, s.payloadOffset(), s.payloadOffset() + s.length());
        assertEquals(0, ByteBuffer.wrap(payload).getShort(listCountAt));
        byte[] v1Payload = new byte[payload.length - 2];
        System.arraycopy(payload, 0, v1Payload, 0, listCountAt);
        System.arraycopy(payload, listCountAt + 2, v1Payload, listCountAt, payload.length - listCountAt - 2);
        byte[] v1 = ImageBytes.replacePayload(v2, s, v1Payload);
        ByteBuffer.wrap(v1).putInt(ImageLayout.MAGIC.length, 1);
        assertEquals(image, ImageReader.read(v1, "v1"));
        ByteBuffer.wrap(v1).putInt(ImageLayout.MAGIC.length, 3);
        assertEquals(ImageErrors.IMAGE_VERSION, assertThrows(LoihiException.class, () -> ImageReader.read(v1, "v3")).code());
    }

    private static Image withoutRoutesTiny() {
        Image tiny = ImageLayoutGoldenTest.tinyImage();
        CoreImage s = tiny.cores().get(0);
        CoreImage quiet = new CoreImage(s.chip(), s.coreOnChip(), s.layer(), s.compartments(), s.vminExp(), s.vmaxExp(),
                s.compartmentProfiles(), s.vthMants(), s.synapseFormats(), s.compartmentProfile(), s.thresholdProfile(),
                s.biasMant(), s.biasExp(), s.inputAxons(), new int[s.compartments() + 1], new int[0], new int[0]);
        return new Image(tiny.chips(), List.of(quiet), tiny.inputs(), tiny.outputs(), tiny.metadata());
    }
}
