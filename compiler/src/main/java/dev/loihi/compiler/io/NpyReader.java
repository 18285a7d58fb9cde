package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.MessageText;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads NumPy .npy files (versions 1.0 to 3.0) holding a 1-D to 5-D C-order array of
 * {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8} or {@code |u1}. Every other file is
 * refused with NPY_BAD_FILE naming the file and what is wrong; nothing is guessed.
 */
public final class NpyReader {
    /** Integers beyond this lose precision as doubles, so they are refused rather than rounded. */
    private static final long MAX_EXACT_INT = 1L << 53;
    /** Enough of a malformed header to recognize it; the rest would only flood the error line. */
    private static final int MAX_QUOTED_CHARS = 120;

    private NpyReader() {}

    /** Reads an array of any rank up to {@link NpyArray#MAX_RANK}: rows, or samples of any shape (images). */
    public static NpyArray read(Path file) {
        return read(file, NpyArray.MAX_RANK);
    }

    /** Reads an array of rank 1 up to {@code maxRank} (at most {@link NpyArray#MAX_RANK}). */
    public static NpyArray read(Path file, int maxRank) {
        byte[] bytes;
        try {
            bytes = dev.loihi.common.InputFiles.readAll(file, dev.loihi.common.InputFiles.MAX_ARRAY_BYTES,
                    CompilerErrors.NPY_BAD_FILE, "input");
        } catch (LoihiException e) {
            throw new LoihiException(e.code(), "bad npy file: " + e.getMessage());
        }
        return decode(bytes, file.toString(), Math.min(maxRank, NpyArray.MAX_RANK));
    }

    /** Decodes the bytes of a .npy file of any supported rank; {@code source} names it in errors. */
    public static NpyArray decode(byte[] bytes, String source) {
        return decode(bytes, source, NpyArray.MAX_RANK, false);
    }

    /**
     * An array of NIR event data ({@link EventSpikes}): numpy scalars (0-D, read as one value)
     * and infinite times (NIR's "no event") are allowed there, NaN still is not.
     */
    static NpyArray decodeEventArray(byte[] bytes, String source) {
        return decode(bytes, source, NpyArray.MAX_RANK, true);
    }

    private static NpyArray decode(byte[] bytes, String source, int maxRank) {
        return decode(bytes, source, maxRank, false);
    }

    private static NpyArray decode(byte[] bytes, String source, int maxRank, boolean events) {
        if (bytes.length < 10) {
            throw bad(source, "truncated preamble: bytes=" + bytes.length + ", need=10");
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, NpyHeader.MAGIC.length), NpyHeader.MAGIC)) {
            throw bad(source, "bad magic, not a .npy file");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int preamble;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            preamble = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw bad(source, "truncated preamble: bytes=" + bytes.length + ", need=12");
            }
            headerLength = buf.getInt(8) & 0xffffffffL;
            preamble = 12;
        } else {
            throw bad(source, "unsupported format version: major=" + major);
        }
        if (preamble + headerLength > bytes.length) {
            throw bad(source, "truncated header: headerBytes=" + headerLength + ", available="
                    + (bytes.length - preamble));
        }
        String dict = new String(bytes, preamble, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Optional<NpyHeader> parsed = NpyHeader.parse(dict);
        if (parsed.isEmpty()) {
            throw bad(source, "malformed header: header=" + cut(dict.strip()));
        }
        NpyHeader header = parsed.get();
        NpyDtype dtype = NpyDtype.of(header.descr())
                .orElseThrow(() -> bad(source, "unsupported dtype: dtype=" + cut(header.descr())
                        + ", supported=<f4,<f8,<i4,<i8,|u1"));
        if (header.fortranOrder()) {
            throw bad(source, "Fortran-order array, save it in C order (np.ascontiguousarray): fortran_order=True");
        }
        int[] shape = events && header.shape().length == 0 ? new int[] {1} : header.shape();
        if (shape.length < 1 || shape.length > maxRank) {
            throw bad(source, "unsupported rank: shape=" + Arrays.toString(shape) + ", supported=1-D to " + maxRank
                    + "-D");
        }
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw bad(source, "negative dimension: shape=" + Arrays.toString(shape));
            }
            // Checked before multiplying: a wrapped product could match a small data size.
            if (d != 0 && count > Integer.MAX_VALUE / d) {
                throw bad(source, "too many elements: shape=" + Arrays.toString(shape) + ", max=" + Integer.MAX_VALUE);
            }
            count *= d;
        }
        long dataBytes = bytes.length - preamble - headerLength;
        long expected = count * dtype.size();
        if (dataBytes != expected) {
            throw bad(source, "data size does not match shape: shape=" + Arrays.toString(shape)
                    + ", dtype=" + header.descr() + ", expectedBytes=" + expected + ", actualBytes=" + dataBytes);
        }
        buf.position((int) (preamble + headerLength));
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            if (dtype == NpyDtype.I8) {
                long v = buf.getLong();
                if (v > MAX_EXACT_INT || v < -MAX_EXACT_INT) {
                    throw bad(source, "integer beyond 2^53 cannot be held exactly: index=" + i + ", value=" + v);
                }
                values[i] = v;
                continue;
            }
            double v = dtype.next(buf);
            if (Double.isNaN(v) || !events && Double.isInfinite(v)) {
                throw bad(source, "non-finite value: index=" + i + ", value=" + v);
            }
            values[i] = v;
        }
        return new NpyArray(source, header.descr(), shape, values);
    }

    /** Enough of a malformed header to recognize it; the rest would only flood the error line. */
    private static String cut(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
    }

    private static LoihiException bad(Object file, String what) {
        // Header text quoted in a message may hold any byte.
        return new LoihiException(CompilerErrors.NPY_BAD_FILE, "bad npy file: file=" + file + ", "
                + MessageText.printable(what));
    }

    /** The element types this reader accepts. */
    private enum NpyDtype {
        F4("<f4", 4), F8("<f8", 8), I4("<i4", 4), I8("<i8", 8), U1("|u1", 1);

        private final String descr;
        private final int size;

        NpyDtype(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }

        static Optional<NpyDtype> of(String descr) {
            return Arrays.stream(values()).filter(d -> d.descr.equals(descr)).findFirst();
        }

        int size() {
            return size;
        }

        double next(ByteBuffer buf) {
            return switch (this) {
                case F4 -> buf.getFloat();
                case F8 -> buf.getDouble();
                case I4 -> buf.getInt();
                case I8 -> buf.getLong();
                case U1 -> buf.get() & 0xff;
            };
        }
    }
}
