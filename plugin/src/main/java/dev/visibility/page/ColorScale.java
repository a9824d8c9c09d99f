package dev.visibility.page;

import java.util.Locale;

/**
 * The colour scale of every heatmap: ColorBrewer's YlGnBu, from pale yellow (0) to dark blue (the maximum).
 * It is the palette of the reference figure and it is colour-blind safe. The page script uses the same stops.
 */
final class ColorScale {
    private static final int[] STOPS = {
        0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494, 0x081d58,
    };
    /** How many colours the scale passes through, evenly spaced from 0 to 1. */
    static final int STOP_COUNT = STOPS.length;
    /** The colour of the selected state's own cell, which has no value of its own. */
    static final String SELF = "#d0d0d0";

    private ColorScale() {
    }

    /** The CSS colour of {@code fraction} (clamped to 0..1) of the way along the scale. */
    static String color(double fraction) {
        double at = Math.max(0, Math.min(1, fraction)) * (STOPS.length - 1);
        int below = Math.min((int) at, STOPS.length - 2);
        double t = at - below;
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int from = STOPS[below] >> shift & 0xff;
            int to = STOPS[below + 1] >> shift & 0xff;
            rgb |= (int) Math.round(from + t * (to - from)) << shift;
        }
        return String.format(Locale.ROOT, "#%06x", rgb);
    }
}
