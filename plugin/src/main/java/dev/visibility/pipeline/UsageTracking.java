package dev.visibility.pipeline;

/**
 * DJL's usage tracking: whenever an engine starts, DJL asks the cloud metadata address (169.254.169.254) which
 * machine it runs on and, on an EC2 instance, reports it to DJL's service. A static-site build has no business
 * on the network beyond the hub it was pointed at, so both entry points (the command line and the JBake build)
 * turn it off before any engine starts.
 */
public final class UsageTracking {
    /** DJL reads this name as an environment variable first, then as a system property. */
    static final String OPT_OUT = "OPT_OUT_TRACKING";

    private UsageTracking() {
    }

    /**
     * Opts out for this JVM. An environment variable of the same name wins in DJL, so a user who sets
     * {@code OPT_OUT_TRACKING=false} keeps the tracking; nobody else gets it.
     */
    public static void optOut() {
        System.setProperty(OPT_OUT, "true");
    }
}
