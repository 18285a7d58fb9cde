package dev.loihi.compiler.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A NIR node's or graph's {@code metadata} group (free-form in NIR): numeric datasets and
 * string datasets by name. The importer reads only its own {@code loihi_*} keys
 * ({@link GivenScales}); other frameworks' keys pass through unread.
 */
public record NirMetadata(Map<String, NirArray> numbers, Map<String, String> texts) {
    public static final NirMetadata EMPTY = new NirMetadata(Map.of(), Map.of());

    public NirMetadata {
        // In the order given, so that a written file lists its keys alike every time.
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    public boolean isEmpty() {
        return numbers.isEmpty() && texts.isEmpty();
    }
}
