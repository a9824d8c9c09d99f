package dev.visibility.model;

/**
 * The float32 value of a 16-bit float, the inverse of {@link HalfFloats}: what a loaded half-precision checkpoint
 * should hold. Only tests need it; the model converts with DJL when it loads.
 */
final class HalfFloatValues {
    private HalfFloatValues() {
    }

    /** The float32 value of an IEEE binary16 value. */
    static float fromHalf(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** The float32 value of a bfloat16 value. */
    static float fromBfloat16(short value) {
        return Float.intBitsToFloat((value & 0xFFFF) << 16);
    }
}
