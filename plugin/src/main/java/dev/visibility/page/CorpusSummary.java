package dev.visibility.page;

import dev.visibility.influence.InfluenceMatrix;

/**
 * What a corpus figure shows besides the mean of {@code G}.
 *
 * @param samples           how many texts the mean is over
 * @param skipped           how many texts were too short to be samples
 * @param standardDeviation the sample standard deviation of {@code G} over them
 */
public record CorpusSummary(int samples, int skipped, InfluenceMatrix standardDeviation) {
}
