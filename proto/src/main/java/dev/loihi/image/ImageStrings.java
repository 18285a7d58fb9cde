package dev.loihi.image;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for names and metadata: a string that would not survive a write/read round trip
 * (an unpaired surrogate) or bytes that are not UTF-8 are errors, never replaced with '?'.
 */
final class ImageStrings {
    private ImageStrings() {}

    /** The UTF-8 byte count of {@code s}, or -1 when it does not encode losslessly. */
    static long encodedLength(String s) {
        try {
            return StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s)).remaining();
        } catch (CharacterCodingException e) {
            return -1;
        }
    }

    /** Decodes UTF-8, or returns null when the bytes are not well-formed. */
    static String decode(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
