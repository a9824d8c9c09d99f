package dev.visibility.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.visibility.io.LogText;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON header of a safetensors file, read as strictly as the format's reference implementation reads it:
 * every entry has a known dtype, a shape and two offsets of whole numbers, its byte range matches its shape, and
 * the tensors tile the data buffer exactly. Every error names the file and the tensor.
 */
final class SafeTensorsHeader {
    private SafeTensorsHeader() {
    }

    /**
     * The tensors that {@code json} describes, checked against the file.
     *
     * @param dataStart where the data buffer starts: after the length and the header
     */
    static Map<String, SafeTensors.Entry> parse(Path file, String json, long dataStart, long fileSize)
            throws ModelLoadException {
        JsonObject root = StrictJson.object(file, json, "malformed safetensors header: not a JSON object");
        long dataSize = fileSize - dataStart;
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : root.entrySet()) {
            String name = field.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            SafeTensors.Entry entry = parseEntry(file, name, field.getValue(), dataStart, dataSize);
            entries.put(name, entry);
        }
        requireTiling(file, entries, dataStart, fileSize);
        return Collections.unmodifiableMap(entries);
    }

    private static SafeTensors.Entry parseEntry(Path file, String name, JsonElement element, long dataStart,
                                                long dataSize) throws ModelLoadException {
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
        SafeTensors.DType dtype;
        try {
            dtype = SafeTensors.DType.valueOf(dtypeName.getAsString());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(where + " has dtype " + LogText.excerpt(dtypeName.getAsString(), 20)
                    + "; only F32, F16 and BF16 are supported");
        }
        long[] shape = wholeNumbers(where, info, "shape", -1);
        long[] offsets = wholeNumbers(where, info, "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end > dataSize) {
            throw new ModelLoadException(file + ": truncated: tensor '" + LogText.excerpt(name, 100) + "' needs bytes up to "
                    + (dataStart + end) + " but the file has " + (dataStart + dataSize));
        }
        long bytes = byteCount(where, shape, dtype);
        if (begin > end || end - begin != bytes) {
            throw new ModelLoadException(where + ": data_offsets [" + begin + ", " + end
                    + "] do not match its shape and dtype (" + bytes + " bytes)");
        }
        return new SafeTensors.Entry(name, dtype, shape, dataStart + begin, dataStart + end);
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

    private static long byteCount(String where, long[] shape, SafeTensors.DType dtype) throws ModelLoadException {
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
    private static void requireTiling(Path file, Map<String, SafeTensors.Entry> entries, long dataStart,
                                      long fileSize) throws ModelLoadException {
        List<SafeTensors.Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort(Comparator.comparingLong(SafeTensors.Entry::start).thenComparingLong(SafeTensors.Entry::end));
        long expected = dataStart;
        SafeTensors.Entry previous = null;
        for (SafeTensors.Entry entry : byOffset) {
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
}
