package dev.visibility.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A reader of the safetensors format: an 8-byte little-endian header length, a JSON header that maps each tensor
 * name to its dtype, shape and byte range, then the raw data.
 *
 * <p>Tensors are read piece by piece ({@link #read}), never mapped or read whole onto the heap: a large model's
 * weights are many gigabytes, and a tensor may be larger than one buffer can address.
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
            return SafeTensorsHeader.parse(file, json, 8 + headerLength, size);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    public Path file() {
        return file;
    }

    /** Every tensor in the file, by name, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Fills {@code into} with the bytes of one tensor's data from {@code offset} within it: a few rows of an
     * embedding, or one piece of a large tensor, without mapping the rest.
     */
    public void read(Entry entry, long offset, ByteBuffer into) throws ModelLoadException {
        try {
            long position = entry.start() + offset;
            while (into.hasRemaining()) {
                int read = channel.read(into, position);
                if (read < 0) {
                    throw new ModelLoadException(file + ": tensor '" + entry.name() + "' ends early; the file is"
                            + " truncated");
                }
                position += read;
            }
        } catch (IOException e) {
            throw new ModelLoadException(file + ": tensor '" + entry.name() + "' cannot be read (" + e.getMessage()
                    + ")", e);
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
