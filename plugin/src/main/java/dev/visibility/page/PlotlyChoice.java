package dev.visibility.page;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Where pages load Plotly from. The page script needs only the heatmap trace, so any bundle that has it will do:
 * the full bundle, the minified one, or the much smaller partial {@code cartesian} bundle, Plotly 2 or 3.
 */
public sealed interface PlotlyChoice {
    /** What a Subresource Integrity value looks like: an algorithm browsers accept and a Base64 digest. */
    Pattern INTEGRITY = Pattern.compile("sha(256|384|512)-[A-Za-z0-9+/]+={0,2}");

    /** The pinned bundle of the plugin ({@link PageAssets#plotlyFileName()}), written next to the page script. */
    record Bundled() implements PlotlyChoice {
        @Override
        public String scriptTag(String assetsUrl, String siteUrl) {
            return tag(assetsUrl + PageAssets.plotlyFileName(), null);
        }
    }

    /**
     * A bundle on another host, e.g. a CDN. The browser refuses it unless it matches {@code integrity}.
     *
     * @param url       an absolute URL
     * @param integrity the bundle's Subresource Integrity value, e.g. {@code sha384-…}
     */
    record Remote(String url, String integrity) implements PlotlyChoice {
        public Remote {
            requireIntegrity(integrity);
        }

        @Override
        public String scriptTag(String assetsUrl, String siteUrl) {
            return tag(url, integrity);
        }
    }

    /**
     * A bundle that the site publishes itself, outside the plugin's folder.
     *
     * @param path      where the site publishes it, relative to the site's root, with {@code /}
     * @param integrity the bundle's Subresource Integrity value, computed from the file at build time
     */
    record Hosted(String path, String integrity) implements PlotlyChoice {
        public Hosted {
            requireIntegrity(integrity);
        }

        @Override
        public String scriptTag(String assetsUrl, String siteUrl) {
            return tag(siteUrl + path, integrity);
        }
    }

    /**
     * The {@code <script>} element that loads Plotly into a page.
     *
     * @param assetsUrl the URL of the plugin's {@code visibility/} folder relative to the page, ending in {@code /}
     * @param siteUrl   the URL of the site's root relative to the page, empty or ending in {@code /}
     */
    String scriptTag(String assetsUrl, String siteUrl);

    /** The Subresource Integrity value of {@code bundle}: {@code sha384-} and the Base64 of its SHA-384. */
    static String integrityOf(byte[] bundle) {
        try {
            return "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(bundle));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-384", e);
        }
    }

    /** @throws IllegalArgumentException if {@code integrity} is not a Subresource Integrity value */
    private static void requireIntegrity(String integrity) {
        if (integrity == null || !INTEGRITY.matcher(integrity).matches()) {
            throw new IllegalArgumentException("'" + integrity + "' is not a Subresource Integrity value such as "
                    + "sha384-<Base64 digest>; the package's page or `openssl dgst -sha384 -binary FILE | openssl base64 -A`"
                    + " gives it");
        }
    }

    private static String tag(String src, String integrity) {
        // Deferred, like the page script after it: both run in order once the figures' elements exist.
        return "<script defer src=\"" + Html.escape(src) + "\""
                + (integrity == null ? "" : " integrity=\"" + integrity + "\" crossorigin=\"anonymous\"")
                + "></script>";
    }
}
