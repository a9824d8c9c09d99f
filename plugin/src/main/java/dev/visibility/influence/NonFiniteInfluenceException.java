package dev.visibility.influence;

/**
 * A chunk of the computation gave a value of {@code G} that is NaN or infinite. The computation stops there, so
 * that no such number is ever cached or published.
 */
public final class NonFiniteInfluenceException extends Exception {
    NonFiniteInfluenceException(String message) {
        super(message);
    }
}
