package dev.visibility.page;

import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Influence matrices with G's zero pattern and values spread over many decades, and texts to go with them. */
final class Matrices {
    private Matrices() {
    }

    /** Random values, log-uniform over {@code decades} decades below 10, wherever {@code l < L} and {@code p <= P}. */
    static InfluenceMatrix random(int layers, int positions, double decades, long seed) {
        Random random = new Random(seed);
        float[] values = new float[layers * positions * layers * positions];
        for (int L = 0; L < layers; L++) {
            for (int P = 0; P < positions; P++) {
                for (int l = 0; l < L; l++) {
                    for (int p = 0; p <= P; p++) {
                        values[((L * positions + P) * layers + l) * positions + p] =
                                (float) Math.pow(10, 1 - decades * random.nextDouble());
                    }
                }
            }
        }
        return new InfluenceMatrix(layers, positions, values);
    }

    /** A text of {@code positions} tokens; token {@code i} is {@code words[i % words.length]}. */
    static TokenizedText text(int positions, String... words) {
        long[] ids = new long[positions];
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < positions; i++) {
            ids[i] = i;
            tokens.add(words[i % words.length]);
        }
        return new TokenizedText(ids, tokens);
    }
}
