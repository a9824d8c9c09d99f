package dev.visibility.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the safetensors format, streaming each tensor's values so that a checkpoint never has to be held in
 * memory. Used to generate checkpoints for the benchmark and for tests.
 */
public final class SafeTensorsWriter {
    /** Supplies the value of each element of a tensor, in row-major order. */
    @FunctionalInterface
    public interface Values {
        float at(long index);
    }

    /** One tensor to write, converted to {@code dtype} on the way out. */
    public record Tensor(String name, SafeTensors.DType dtype, long[] shape, Values values) {
        long byteCount() {
            long count = dtype.bytes();
            for (long dim : shape) {
                count *= dim;
            }
            return count;
        }
    }

    private SafeTensorsWriter() {
    }

    /** Writes the header and then every tensor's data to {@code out}, in list order. */
    public static void write(OutputStream out, List<Tensor> tensors) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (Tensor tensor : tensors) {
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", tensor.dtype().name());
            JsonArray shape = new JsonArray();
            for (long dim : tensor.shape()) {
                shape.add(dim);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + tensor.byteCount());
            entry.add("data_offsets", offsets);
            header.add(tensor.name(), entry);
            offset += tensor.byteCount();
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        // The format pads the header with spaces so that the data starts 8-byte aligned.
        int padding = (8 - json.length % 8) % 8;
        OutputStream buffered = new BufferedOutputStream(out, 1 << 20);
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length + padding);
        buffered.write(length.array());
        buffered.write(json);
        buffered.write(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
        for (Tensor tensor : tensors) {
            writeData(buffered, tensor);
        }
        buffered.flush();
    }

    private static void writeData(OutputStream out, Tensor tensor) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        long count = tensor.byteCount() / tensor.dtype().bytes();
        for (long i = 0; i < count; i++) {
            if (buffer.remaining() < 4) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            float value = tensor.values().at(i);
            switch (tensor.dtype()) {
                case F32 -> buffer.putFloat(value);
                case F16 -> buffer.putShort(HalfFloats.toHalf(value));
                case BF16 -> buffer.putShort(HalfFloats.toBfloat16(value));
            }
        }
        out.write(buffer.array(), 0, buffer.position());
    }
}
