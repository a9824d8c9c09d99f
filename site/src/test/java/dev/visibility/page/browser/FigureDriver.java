package dev.visibility.page.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** One visibility figure in the browser, driven as a reader would: mouse, clicks, keys and buttons. */
final class FigureDriver {
    private final WebDriver driver;
    private final WebElement figure;

    private FigureDriver(WebDriver driver, WebElement figure) {
        this.driver = driver;
        this.figure = figure;
    }

    /**
     * The {@code index}-th figure of the page, once the page script has drawn it, scrolled to the middle of the
     * window; scrolling later would move the figure under a resting pointer.
     */
    static FigureDriver nth(WebDriver driver, int index) {
        Patience.of(driver).until(d -> d.findElements(By.cssSelector("figure.visibility")).size() > index);
        FigureDriver figure = new FigureDriver(driver, driver.findElements(By.cssSelector("figure.visibility")).get(index));
        Patience.of(driver).withMessage(figure::problem)
                .until(d -> "true".equals(figure.figure.getDomAttribute("data-ready")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", figure.figure);
        return figure;
    }

    /** Every figure of the page, each once the page script has drawn it. */
    static List<FigureDriver> all(WebDriver driver) {
        int figures = driver.findElements(By.cssSelector("figure.visibility")).size();
        return IntStream.range(0, figures).mapToObj(i -> nth(driver, i)).toList();
    }

    private String problem() {
        List<WebElement> errors = figure.findElements(By.className("visibility-error"));
        return errors.isEmpty() ? "the figure never became ready" : errors.get(0).getText();
    }

    WebElement element() {
        return figure;
    }

    String attribute(String name) {
        return figure.getDomAttribute(name);
    }

    /** The selected state as {@code "layer,position"}. */
    String selected() {
        return attribute("data-selected");
    }

    boolean pinned() {
        return "true".equals(attribute("data-pinned"));
    }

    String status() {
        return figure.findElement(By.className("visibility-state")).getText();
    }

    /** The text description of the state shown, which only screen readers get. */
    String description() {
        return figure.findElement(By.className("visibility-description")).getDomProperty("textContent");
    }

    /** Moves the mouse onto the centre of the cell of {@code (layer, position)}. */
    void hover(int layer, int position) {
        new Actions(driver).moveToElement(plotArea(), offset(position, layer)[0], offset(position, layer)[1]).perform();
    }

    void click(int layer, int position) {
        hover(layer, position);
        new Actions(driver).click().perform();
    }

    /** Taps the cell of {@code (layer, position)} with a finger, as on a phone. */
    void tap(int layer, int position) {
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        int[] offset = offset(position, layer);
        Sequence tap = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(plotArea()),
                        offset[0], offset[1]))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        ((RemoteWebDriver) driver).perform(List.of(tap));
    }

    /** Moves the mouse off the figure, onto the page's first heading or paragraph. */
    void leave() {
        new Actions(driver).moveToElement(driver.findElement(By.cssSelector("h1, h2, p"))).perform();
    }

    /** Presses {@code key} in whatever has the focus, as a reader would after clicking the figure. */
    void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    void pressEscape() {
        press(Keys.ESCAPE);
    }

    /** Presses the button labelled {@code label} in the controls. */
    void choose(String label) {
        figure.findElements(By.className("visibility-toggle")).stream()
                .filter(button -> button.getText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + label)).click();
    }

    /** Waits until Plotly shows the state {@code layer,position} with the latest settings. */
    void awaitSelected(int layer, int position) {
        String wanted = layer + "," + position;
        Patience.of(driver).withMessage(() -> "selected " + selected() + ", wanted " + wanted)
                .until(d -> wanted.equals(selected()) && "true".equals(attribute("data-synced")));
    }

    /** What the heatmap shows: {@code z[l][p]}, {@code null} for the greyed cell. */
    @SuppressWarnings("unchecked")
    List<List<Number>> z() {
        return (List<List<Number>>) script("return arguments[0].data[0].z;");
    }

    /** The top of the colour scale, once Plotly has caught up with the latest settings. */
    double zmax() {
        Patience.of(driver).until(d -> "true".equals(attribute("data-synced")));
        return ((Number) script("return arguments[0].data[0].zmax;")).doubleValue();
    }

    /** The colour that the cell of {@code (layer, position)} shows right now, as {@code #rrggbb}. */
    String cellColor(int layer, int position) {
        return (String) script("var c = arguments[0].querySelector('canvas.visibility-cells');"
                + " var d = c.getContext('2d').getImageData(arguments[2], c.height - 1 - arguments[1], 1, 1).data;"
                + " return '#' + Array.from(d.slice(0, 3), v => v.toString(16).padStart(2, '0')).join('');",
                layer, position);
    }

    /** The texts of the x axis' tick labels, as the SVG shows them. */
    @SuppressWarnings("unchecked")
    List<String> tickLabels() {
        return (List<String>) script("return Array.from(arguments[0].querySelectorAll('.xtick text'),"
                + " t => t.textContent);");
    }

    /** The text of the hover label that Plotly shows, or an empty string. */
    String tooltip() {
        Patience.of(driver).until(d -> !((String) script(TOOLTIP)).isEmpty());
        return (String) script(TOOLTIP);
    }

    /** Plotly writes each line of a hover label as a {@code tspan.line}. */
    private static final String TOOLTIP = "var t = arguments[0].querySelector('.hoverlayer .hovertext text.nums');"
            + " return t ? Array.from(t.querySelectorAll('tspan.line'), e => e.textContent).join('\\n') : '';";

    private Object script(String body, Object... arguments) {
        Object[] all = new Object[arguments.length + 1];
        all[0] = figure.findElement(By.className("visibility-plot"));
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return ((JavascriptExecutor) driver).executeScript(body, all);
    }

    /** Plotly's drag layer covers exactly the cells. */
    private WebElement plotArea() {
        return figure.findElement(By.cssSelector(".visibility-plot .nsewdrag"));
    }

    /** The offset of a cell's centre from the centre of the plot area, as Selenium's Actions want it. */
    private int[] offset(int position, int layer) {
        List<List<Number>> z = z();
        int layers = z.size();
        int positions = z.get(0).size();
        double width = plotArea().getRect().width;
        double height = plotArea().getRect().height;
        double x = (position + 0.5) * width / positions - width / 2;
        double y = (layers - layer - 0.5) * height / layers - height / 2;
        return new int[] {(int) Math.round(x), (int) Math.round(y)};
    }
}
