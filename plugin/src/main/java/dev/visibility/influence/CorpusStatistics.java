package dev.visibility.influence;

/**
 * The mean and the sample standard deviation of {@code G} over the samples of a corpus, per cell, computed as
 * the samples arrive (Welford's method), so that memory does not grow with their number.
 */
public final class CorpusStatistics {
    private final int layers;
    private final int positions;
    private final double[] mean;
    private final double[] squares;
    private int count;

    public CorpusStatistics(int layers, int positions) {
        this.layers = layers;
        this.positions = positions;
        int cells = InfluenceMatrix.cells(layers, positions);
        this.mean = new double[cells];
        this.squares = new double[cells];
    }

    /** Adds the {@code G} of one more sample. */
    public void add(InfluenceMatrix g) {
        if (g.layers() != layers || g.positions() != positions) {
            throw new IllegalArgumentException("a sample of " + g.layers() + " layers and " + g.positions()
                    + " positions does not fit statistics of " + layers + " and " + positions);
        }
        count++;
        float[] values = g.values();
        for (int i = 0; i < values.length; i++) {
            double delta = values[i] - mean[i];
            mean[i] += delta / count;
            squares[i] += delta * (values[i] - mean[i]);
        }
    }

    /** How many samples were added. */
    public int count() {
        return count;
    }

    /** The mean of {@code G} over the samples. */
    public InfluenceMatrix mean() {
        requireSamples();
        float[] values = new float[mean.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) mean[i];
        }
        return new InfluenceMatrix(layers, positions, values);
    }

    /** The sample standard deviation of {@code G} (divided by {@code N - 1}); 0 for one sample. */
    public InfluenceMatrix standardDeviation() {
        requireSamples();
        float[] values = new float[squares.length];
        if (count > 1) {
            for (int i = 0; i < values.length; i++) {
                // Rounding can leave a tiny negative sum of squares where every sample is equal.
                values[i] = (float) Math.sqrt(Math.max(0, squares[i]) / (count - 1));
            }
        }
        return new InfluenceMatrix(layers, positions, values);
    }

    private void requireSamples() {
        if (count == 0) {
            throw new IllegalStateException("no samples were added");
        }
    }
}
