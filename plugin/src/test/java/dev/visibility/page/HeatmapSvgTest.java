package dev.visibility.page;

import dev.visibility.TestModels;
import dev.visibility.cli.CommandRun;
import dev.visibility.influence.InfluenceMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SVG image that {@code export --svg} writes, checked against the data file that the same run wrote. */
class HeatmapSvgTest {
    private static final String TEXT = "<|endoftext|><img src=x onerror=alert(1)> & \"q\"";

    @TempDir
    Path temp;

    @Test
    void isWellFormedWithEscapedLabelsAndTheDataFilesColours() throws Exception {
        Path svg = temp.resolve("figure.svg");
        CommandRun run = CommandRun.run(temp.resolve("xdg"), "export", "--model", TestModels.tinyGpt2().toString(),
                "--text", TEXT, "--cache", temp.resolve("cache").toString(), "--out", temp.resolve("site").toString(),
                "--svg", svg.toString(), "--layer", "2", "--position", "7", "--direction", "sees");
        assertEquals(0, run.code(), run.err());
        DataFileReader.Contents data;
        try (Stream<Path> files = Files.list(temp.resolve("site/visibility/data"))) {
            data = DataFileReader.read(Files.readAllBytes(files.findFirst().orElseThrow()));
        }
        String text = Files.readString(svg);
        assertFalse(text.contains("<img"), "markup in tokens is escaped");

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        List<String> texts = new ArrayList<>();
        NodeList textNodes = document.getElementsByTagName("text");
        for (int i = 0; i < textNodes.getLength(); i++) {
            texts.add(textNodes.item(i).getTextContent());
        }
        for (String token : data.tokens()) {
            String label = token.length() > 12 ? token.substring(0, 11) + "…" : token;
            assertTrue(texts.contains(label), "token label '" + label + "' in " + texts);
        }
        assertTrue(texts.containsAll(List.of("Layer", "Token position", "0")), "axis titles and the scale's 0: " + texts);
        assertTrue(texts.contains("Layer 2, position 7 (“" + data.tokens().get(7) + "”): sees"), texts.toString());

        InfluenceMatrix matrix = data.matrix();
        NodeList cells = group(document, "cells").getElementsByTagName("rect");
        assertEquals(matrix.layers() * matrix.positions(), cells.getLength(), "one cell per state");
        float max = 0;
        for (int l = 0; l < matrix.layers(); l++) {
            for (int p = 0; p < matrix.positions(); p++) {
                max = Math.max(max, matrix.backward(2, 7, l, p));
            }
        }
        for (int l = 0; l < matrix.layers(); l++) {
            for (int p = 0; p < matrix.positions(); p++) {
                String expected = l == 2 && p == 7 ? ColorScale.SELF : ColorScale.color(matrix.backward(2, 7, l, p) / max);
                assertEquals(expected, ((Element) cells.item(l * matrix.positions() + p)).getAttribute("fill"),
                        "cell (" + l + "," + p + ")");
            }
        }
    }

    private static Element group(Document document, String className) {
        NodeList groups = document.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            if (((Element) groups.item(i)).getAttribute("class").equals(className)) {
                return (Element) groups.item(i);
            }
        }
        throw new AssertionError("no <g class=\"" + className + "\">");
    }
}
