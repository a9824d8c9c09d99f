package dev.visibility.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.visibility.io.LogText;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reader of the safetensors format: an 8-byte little-endian header length, a JSON header that maps each tensor
 * name to its dtype, shape and byte range, then the raw data.
 *
 * <p>Tensors are memory-mapped one at a time, never read whole onto the heap: GPT-2 XL in float32 is over 6 GB,
 * more than one {@link java.nio.MappedByteBuffer} can even address.
 */
public final class SafeTensors implements AutoCloseable {
    /** The element types this project reads; all are converted to float32. */
    public enum DType {
        F32(4), F16(2), BF16(2);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }
    }

    /** One tensor of the file: its type, shape and the absolute byte range of its data. */
    public record Entry(String name, DType dtype, long[] shape, long start, long end) {
    }

    /** Guards against reading a multi-gigabyte "header" from a file that is not safetensors at all. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Entry> entries;

    private SafeTensors(Path file, FileChannel channel, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
    }

    /** Opens {@code file} and validates its header against the file's size. */
    public static SafeTensors open(Path file) throws ModelLoadException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file + ": file not found");
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            return new SafeTensors(file, channel, readHeader(file, channel));
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Map<String, Entry> readHeader(Path file, FileChannel channel) throws ModelLoadException {
        try {
            long size = channel.size();
            if (size < 8) {
                throw new ModelLoadException(file + ": truncated safetensors file (" + size + " bytes, no header)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
                throw new ModelLoadException(file + ": malformed safetensors header (declared header length "
                        + headerLength + " bytes, file is " + size + " bytes); the file is truncated or not safetensors");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            while (header.hasRemaining() && channel.read(header, 8 + header.position()) > 0) {
                // read until the whole header is in
            }
            String json = new String(header.array(), StandardCharsets.UTF_8);
            return parseHeader(file, json, 8 + headerLength, size);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Entry> parseHeader(Path file, String json, long dataStart, long fileSize)
            throws ModelLoadException {
        JsonObject root = StrictJson.object(file, json, "malformed safetensors header: not a JSON object");
        long dataSize = fileSize - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : root.entrySet()) {
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            Entry entry = parseEntry(file, name, field.getValue(), dataStart, dataSize);
            entries.put(name, entry);
        }
        requireTiling(file, entries, dataStart, fileSize);
        return Collections.unmodifiableMap(entries);
    }

    private static Entry parseEntry(Path file, String name, JsonElement element, long dataStart, long dataSize)
            throws ModelLoadException {
        String where = file + ": tensor '" + LogText.excerpt(name, 100) + "'";
        if (!element.isJsonObject()) {
            throw new ModelLoadException(where + ": malformed header entry (needs dtype, shape and data_offsets),"
                    + " found " + StrictJson.show(element));
        }
        JsonObject info = element.getAsJsonObject();
        JsonElement dtypeName = info.get("dtype");
        if (dtypeName == null || !dtypeName.isJsonPrimitive() || !dtypeName.getAsJsonPrimitive().isString()) {
            throw new ModelLoadException(where + ": malformed header entry: 'dtype' must be a string, found "
                    + StrictJson.show(dtypeName));
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName.getAsString());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(where + " has dtype " + StrictJson.show(dtypeName)
                    .replace("\"", "") + "; only F32, F16 and BF16 are supported");
        }
        long[] shape = wholeNumbers(where, info, "shape", -1);
        long[] offsets = wholeNumbers(where, info, "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end > dataSize) {
            throw new ModelLoadException(file + ": truncated: tensor '" + name + "' needs bytes up to "
                    + (dataStart + end) + " but the file has " + (dataStart + dataSize));
        }
        long bytes = byteCount(where, shape, dtype);
        if (begin > end || end - begin != bytes) {
            throw new ModelLoadException(where + ": data_offsets [" + begin + ", " + end
                    + "] do not match its shape and dtype (" + bytes + " bytes)");
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new ModelLoadException(where + " has " + bytes + " bytes; tensors up to 2 GiB are supported"
                    + " (GPT-2 XL's largest has 0.3 GB)");
        }
        return new Entry(name, dtype, shape, dataStart + begin, dataStart + end);
    }

    /**
     * A {@code key} whose value is an array of whole numbers from 0 up, with {@code length} elements (any when
     * negative). Anything else, {@code null}, {@code {}}, {@code 64.9} or a number beyond 2^63 included, is an error.
     */
    private static long[] wholeNumbers(String where, JsonObject info, String key, int length)
            throws ModelLoadException {
        JsonElement value = info.get(key);
        String expected = length < 0 ? "an array of whole numbers" : "an array of " + length + " whole numbers";
        if (value == null || !value.isJsonArray() || length >= 0 && value.getAsJsonArray().size() != length) {
            throw new ModelLoadException(where + ": malformed header entry: '" + key + "' must be " + expected
                    + " from 0 up, found " + StrictJson.show(value));
        }
        long[] numbers = new long[value.getAsJsonArray().size()];
        for (int i = 0; i < numbers.length; i++) {
            JsonElement element = value.getAsJsonArray().get(i);
            Optional<BigInteger> number = StrictJson.wholeNumber(element);
            if (number.isEmpty() || number.get().signum() < 0 || number.get().bitLength() > 62) {
                throw new ModelLoadException(where + ": malformed header entry: '" + key + "' must be " + expected
                        + " from 0 up to 2^62, found " + StrictJson.show(value));
            }
            numbers[i] = number.get().longValueExact();
        }
        return numbers;
    }

    private static long byteCount(String where, long[] shape, DType dtype) throws ModelLoadException {
        try {
            long count = dtype.bytes();
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            return count;
        } catch (ArithmeticException overflow) {
            throw new ModelLoadException(where + ": shape " + Arrays.toString(shape) + " is too large");
        }
    }

    /**
     * The format requires the tensors to tile the data buffer exactly, as the reference implementation checks:
     * sorted by offset, each starts where the one before ends, and the last ends at the end of the file. This
     * refuses tensors that overlap, alias each other or leave gaps.
     */
    private static void requireTiling(Path file, Map<String, Entry> entries, long dataStart, long fileSize)
            throws ModelLoadException {
        List<Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort(Comparator.comparingLong(Entry::start).thenComparingLong(Entry::end));
        long expected = dataStart;
        Entry previous = null;
        for (Entry entry : byOffset) {
            if (entry.start() != expected) {
                String what = previous == null
                        ? "the first tensor's data starts at data offset " + (entry.start() - dataStart) + ", not 0"
                        : "its data_offsets overlap with or leave a gap after tensor '" + previous.name() + "'";
                throw new ModelLoadException(file + ": tensor '" + LogText.excerpt(entry.name(), 100) + "': " + what
                        + "; safetensors tensors must tile the data exactly");
            }
            expected = entry.end();
            previous = entry;
        }
        if (expected != fileSize) {
            throw new ModelLoadException(file + ": " + (fileSize - expected) + " bytes after the last tensor's data;"
                    + " safetensors tensors must tile the data exactly");
        }
    }

    public Path file() {
        return file;
    }

    /** Every tensor in the file, by name, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Maps the raw little-endian bytes of one tensor. */
    public ByteBuffer map(Entry entry) throws ModelLoadException {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, entry.start(), entry.end() - entry.start())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": tensor '" + entry.name() + "' cannot be mapped (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through this channel, so there is nothing to lose
        }
    }
}
