package dev.loihi.compiler.pack;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileTableTest {
    @Test
    void shouldGiveEqualValuesOneIndexInFirstUseOrder() {
        ProfileTable<Integer> table = new ProfileTable<>(CompilerErrors.PACK_THRESHOLD_PROFILES, "thresholdProfiles", 8, "core=0");
        assertEquals(0, table.indexOf(70));
        assertEquals(1, table.indexOf(5));
        assertEquals(0, table.indexOf(70));
        assertEquals(List.of(70, 5), table.entries());
    }

    @Test
    void shouldRejectOneThresholdMoreThanACoreHolds() {
        ProfileTable<Integer> table = new ProfileTable<>(CompilerErrors.PACK_THRESHOLD_PROFILES, "thresholdProfiles",
                ChipLimits.THRESHOLD_PROFILES_PER_CORE, "layer=a, core=3");
        for (int v = 1; v <= ChipLimits.THRESHOLD_PROFILES_PER_CORE; v++) {
            table.indexOf(v);
        }
        LoihiException e = assertThrows(LoihiException.class, () -> table.indexOf(100));
        assertEquals(CompilerErrors.PACK_THRESHOLD_PROFILES, e.code());
        assertEquals("too many distinct thresholdProfiles on one core: layer=a, core=3, limit=thresholdProfiles,"
                + " max=8, actual=9", e.getMessage());
    }

    @Test
    void shouldRejectOneCompartmentProfileMoreThanACoreHolds() {
        ProfileTable<CompartmentProfile> table = new ProfileTable<>(CompilerErrors.PACK_COMPARTMENT_PROFILES,
                "compartmentProfiles", ChipLimits.COMPARTMENT_PROFILES_PER_CORE, "layer=a, core=0");
        for (int d = 0; d < ChipLimits.COMPARTMENT_PROFILES_PER_CORE; d++) {
            table.indexOf(new CompartmentProfile(d, 0, 1));
        }
        LoihiException e = assertThrows(LoihiException.class, () -> table.indexOf(new CompartmentProfile(4000, 0, 1)));
        assertEquals(CompilerErrors.PACK_COMPARTMENT_PROFILES, e.code());
    }
}
