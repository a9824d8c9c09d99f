/*
 * Visibility: turns every <figure class="visibility"> of the page into a Plotly heatmap of GPT-2's hidden
 * states. The block's data file holds the influence matrix G once (format: dev.visibility.page.DataFile);
 * the heatmap of each state, in each direction, is derived from it here. What a figure shows is mirrored in
 * data-* attributes of the <figure> (ready, selected, synced, pinned, direction, scale, downloaded): a public
 * hook for other scripts, documented in the README, on which the browser tests rely too.
 */
(function () {
  'use strict';

  const FORMAT = 'visibility-g/1';
  // ColorBrewer YlGnBu: the reference figure's palette, and colour-blind safe. Same stops as ColorScale.java.
  const COLORS = ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'];
  const COLORSCALE = COLORS.map(function (color, i) { return [i / (COLORS.length - 1), color]; });
  // The selected state's own cell is left empty, so the plot background greys it out.
  const SELF_COLOR = '#d0d0d0';
  const DIRECTIONS = [['sees', 'Sees'], ['influences', 'Influences'], ['both', 'Both']];
  const SCALES = [['own', 'This state'], ['shared', 'All states']];
  const FORMATS = [['png', 'PNG'], ['svg', 'SVG']];
  const DESCRIPTIONS = {sees: 'sees', influences: 'influences', both: 'sees and influences'};
  const MOVES = {ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [1, 0], ArrowDown: [-1, 0]};
  // How many of a state's strongest cells its text description names, as the build's fallback does.
  const STRONGEST = 3;
  const MAX_TICK_CHARS = 12;
  const TICK_SIZE = 11;
  // The least room between two tick labels, and the room under them for the axis title, in px.
  const TICK_GAP = 3;
  const AXIS_TITLE_ROOM = 40;
  // The colour bar and its labels, right of the cells, in px: for the first plan of the labels, before Plotly
  // has drawn and the cells' width can be measured.
  const COLORBAR_ROOM = 60;
  // A downloaded image's title: its font size, and the height of each of its lines and of the room above them.
  const TITLE_SIZE = 14;
  const TITLE_LINE = 20;
  /** Measures text in a font, as the page lays it out. */
  const MEASURE = document.createElement('canvas').getContext('2d');
  // How long the pointer must rest before Plotly redraws (tooltips, colour bar); the cells change at once.
  const SYNC_DELAY_MS = 120;

  /**
   * Reads G back from the data file into a dense Float32Array in [L][P][l][p] order; for a corpus figure, G is
   * the mean over the samples, and their standard deviation comes with it. A file whose parts disagree (cut
   * short, or edited by hand) is refused with a message that the figure shows, rather than drawn as zeros.
   */
  function decode(json) {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new Error('the data file holds ' + (json === null ? 'null' : typeof json) + ', not a JSON object');
    }
    if (json.format !== FORMAT) {
      throw new Error('the data file has format ' + json.format + ', this script reads ' + FORMAT);
    }
    const layers = json.layers, positions = json.positions;
    // The embedding and at least one block: with fewer hidden states there is no pair of layers to draw.
    if (!isCount(layers) || layers < 2 || !isCount(positions)) {
      throw new Error('the data file gives ' + layers + ' layers and ' + positions + ' positions');
    }
    if (!Array.isArray(json.tokens) || json.tokens.length !== positions
        || !json.tokens.every(function (token) { return typeof token === 'string'; })) {
      throw new Error('the data file has ' + positions + ' positions but not as many tokens');
    }
    const g = decodeCodes(json, 'g', json.log10Min, json.log10Max);
    // Directions never overlap (sees needs l < L, influences l > L), so no heatmap exceeds the largest value of G.
    const max = g.reduce(function (a, b) { return Math.max(a, b); }, 0);
    const data = {layers: layers, positions: positions, tokens: json.tokens, g: g, max: max};
    if (json.samples !== undefined || json.sd !== undefined) {
      if (!isCount(json.samples)) {
        throw new Error('the data file has a corpus spread but ' + json.samples + ' samples');
      }
      data.samples = json.samples;
      data.sd = decodeCodes(json, 'sd', json.sdLog10Min, json.sdLog10Max);
    }
    return data;
  }

  function isCount(value) {
    return Number.isInteger(value) && value > 0;
  }

  /** Where G[L,P,l,p] lies in the dense array; the one copy of InfluenceMatrix.index (Java) in this script. */
  function cellIndex(shape, L, P, l, p) {
    return ((L * shape.positions + P) * shape.layers + l) * shape.positions + p;
  }

  /** The field's 16-bit codes of the causal cells (l < L, p <= P) as values, on the log scale of log10Min..Max. */
  function decodeCodes(json, field, log10Min, log10Max) {
    const layers = json.layers, positions = json.positions;
    if (typeof json[field] !== 'string' || !Number.isFinite(log10Min) || !Number.isFinite(log10Max)) {
      throw new Error('the data file lacks ' + field + ' or its scale');
    }
    // The values are float32, whose finite positive range is about 10^-45 to 10^38.5.
    if (log10Min > log10Max || log10Min < -46 || log10Max > 38.5) {
      throw new Error('the data file\'s scale of ' + field + ', 10^' + log10Min + ' to 10^' + log10Max
          + ', is outside what float32 values span');
    }
    let codes;
    try {
      codes = atob(json[field]);
    } catch (error) {
      throw new Error('the data file\'s ' + field + ' is not base64');
    }
    const stored = layers * (layers - 1) / 2 * (positions * (positions + 1) / 2);
    if (codes.length !== 2 * stored) {
      throw new Error('the data file is cut short or inconsistent: ' + field + ' has ' + codes.length
          + ' bytes, ' + layers + ' layers and ' + positions + ' positions need ' + 2 * stored);
    }
    const step = (log10Max - log10Min) / 65534;
    const values = new Float32Array(layers * positions * layers * positions);
    let at = 0;
    for (let L = 0; L < layers; L++) {
      for (let P = 0; P < positions; P++) {
        for (let l = 0; l < L; l++) {
          for (let p = 0; p <= P; p++, at += 2) {
            const code = codes.charCodeAt(at) | codes.charCodeAt(at + 1) << 8;
            if (code) {
              values[cellIndex(json, L, P, l, p)] = Math.pow(10, log10Min + (code - 1) * step);
            }
          }
        }
      }
    }
    return values;
  }

  /** The heatmap of the state (L, P): z[l][p], with the state's own cell empty, and its largest value. */
  function heatmap(data, L, P, direction) {
    return heatmapOf(data.g, data, L, P, direction);
  }

  /**
   * The same heatmap of any matrix shaped like G, such as the standard deviation of a corpus figure: a cell is
   * never in both directions, so the spread of "both" is that of its one direction.
   */
  function heatmapOf(g, data, L, P, direction) {
    const layers = data.layers, positions = data.positions, z = new Array(layers);
    let max = 0;
    for (let l = 0; l < layers; l++) {
      const zl = z[l] = new Array(positions);
      for (let p = 0; p < positions; p++) {
        const value = (direction === 'influences' ? 0 : g[cellIndex(data, L, P, l, p)])
            + (direction === 'sees' ? 0 : g[cellIndex(data, l, p, L, P)]);
        zl[p] = value;
        max = value > max ? value : max;
      }
    }
    z[L][P] = null;
    return {z: z, max: max};
  }

  /**
   * A value as Java's %.3g writes it in the build's fallback description: three significant digits, fixed from
   * 10^-4 up to 10^3, otherwise as 1.23e-05.
   */
  function threeDigits(value) {
    const exponential = value.toExponential(2).split('e'), exponent = +exponential[1];
    if (exponent >= -4 && exponent < 3) {
      return value.toPrecision(3);
    }
    return exponential[0] + 'e' + (exponent < 0 ? '-' : '+') + String(Math.abs(exponent)).padStart(2, '0');
  }

  /**
   * The text that describes the heatmap of a state to readers who cannot see it: word for word the fallback
   * that the build writes into <noscript> (dev.visibility.page.StateDescription), for whichever state is shown.
   */
  function describeState(data, state, direction) {
    // A corpus's samples differ in their tokens: its positions are named by number only.
    function where(l, p) {
      return 'layer ' + l + ', position ' + p + (data.samples ? '' : ' (“' + data.tokens[p] + '”)');
    }
    const z = heatmap(data, state.layer, state.position, direction).z;
    let text = (data.samples ? 'Mean over ' + data.samples + (data.samples === 1 ? ' text. ' : ' texts. ') : '')
        + 'Heatmap of the hidden state at '
        + where(state.layer, state.position) + ': how strongly it ' + DESCRIPTIONS[direction] + ' each state of the '
        + data.layers + ' layers × ' + data.positions + (data.samples ? ' positions.' : ' tokens.');
    const cells = [];
    z.forEach(function (row, l) {
      row.forEach(function (value, p) {
        if (value > 0) {
          cells.push([l, p, value]);
        }
      });
    });
    if (cells.length === 0) {
      return text + ' Every value is zero.';
    }
    // A stable sort, as Java's: equal values keep the order of layers, then positions.
    cells.sort(function (a, b) { return b[2] - a[2]; });
    return text + ' Strongest: ' + cells.slice(0, STRONGEST).map(function (cell) {
      return threeDigits(cell[2]) + ' at ' + where(cell[0], cell[1]);
    }).join('; ') + '.';
  }

  /** Plotly reads a few HTML tags and entities in labels; escaping them keeps token text literal. */
  function plotlyText(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function shortened(token) {
    return token.length > MAX_TICK_CHARS ? token.slice(0, MAX_TICK_CHARS - 1) + '…' : token;
  }

  /**
   * How to set the labels of an axis so that no two of their boxes meet, as a function of the axis' length in
   * px: level if the widest fits between two ticks, else slanted at 45°, else upright; and where even upright
   * labels are too close, only every step-th label. The labels are measured in their font, since the widths of
   * characters differ too much to count them. Returns {angle, step, depth}, depth being how far the labels reach
   * below the axis.
   */
  function tickPlan(labels, font) {
    MEASURE.font = TICK_SIZE + 'px ' + font;
    const widest = labels.reduce(function (most, label) {
      return Math.max(most, MEASURE.measureText(label).width);
    }, 0);
    const line = MEASURE.measureText(labels.join(''));
    // A browser that does not give the font's line box gets a usual one.
    const tall = line.fontBoundingBoxAscent + line.fontBoundingBoxDescent || 1.3 * TICK_SIZE;
    const slanted = (widest + tall) * Math.SQRT1_2;
    return function (length) {
      const spacing = length / labels.length;
      if (widest + TICK_GAP <= spacing) {
        return {angle: 0, step: 1, depth: tall};
      }
      if (slanted + TICK_GAP <= spacing) {
        return {angle: -45, step: 1, depth: slanted};
      }
      return {angle: -90, step: Math.ceil((tall + TICK_GAP) / spacing), depth: widest};
    };
  }

  /** Text broken at its spaces into lines no wider than width px in a downloaded image's title; Plotly does not. */
  function titleLines(text, font, width) {
    MEASURE.font = TITLE_SIZE + 'px ' + font;
    return text.split(' ').reduce(function (lines, word) {
      const last = lines.length - 1;
      if (last >= 0 && MEASURE.measureText(lines[last] + ' ' + word).width <= width) {
        lines[last] += ' ' + word;
      } else {
        lines.push(word);
      }
      return lines;
    }, []);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /** A labelled row for buttons. */
  function buttonGroup(label) {
    const group = element('div', 'visibility-toggles');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', label);
    group.appendChild(element('span', 'visibility-toggles-label', label));
    return group;
  }

  /** A row of toggle buttons; onChoose(value) runs when the reader picks one. */
  function toggles(label, choices, initial, onChoose) {
    const group = buttonGroup(label);
    const buttons = choices.map(function (choice) {
      const button = element('button', 'visibility-toggle', choice[1]);
      button.type = 'button';
      button.value = choice[0];
      button.setAttribute('aria-pressed', String(choice[0] === initial));
      button.addEventListener('click', function () {
        buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
        onChoose(choice[0]);
      });
      group.appendChild(button);
      return button;
    });
    return group;
  }

  /** A row of buttons that each run onPress(value). */
  function actions(label, choices, onPress) {
    const group = buttonGroup(label);
    choices.forEach(function (choice) {
      const button = element('button', 'visibility-toggle', choice[1]);
      button.type = 'button';
      button.addEventListener('click', function () { onPress(choice[0]); });
      group.appendChild(button);
    });
    return group;
  }

  /** Hands an image (a data: URL) to the browser to save as fileName. */
  function save(url, fileName) {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  /** '#rrggbb' as [r, g, b]. */
  function rgbOf(color) {
    return [1, 3, 5].map(function (i) { return parseInt(color.substr(i, 2), 16); });
  }

  /** COLORSCALE as 256 RGB triples, interpolated linearly between the stops as Plotly does. */
  const PALETTE = (function () {
    const rgb = COLORS.map(rgbOf);
    return Array.from({length: 256}, function (_, i) {
      const at = i / 255 * (rgb.length - 1), below = Math.min(Math.floor(at), rgb.length - 2), t = at - below;
      return rgb[below].map(function (from, c) { return Math.round(from + t * (rgb[below + 1][c] - from)); });
    });
  })();

  /**
   * A canvas over Plotly's cells with one pixel per cell, scaled up by CSS. Painting it takes well under a
   * millisecond, while a Plotly redraw takes tens; so a hover repaints this at once, and Plotly (tooltips,
   * colour bar) catches up when the pointer rests.
   */
  function cellCanvas(plot, layers, positions) {
    const canvas = element('canvas', 'visibility-cells');
    canvas.width = positions;
    canvas.height = layers;
    const pixels = canvas.getContext('2d').createImageData(positions, layers);
    const self = rgbOf(SELF_COLOR);

    // Below Plotly's top layer, which holds the tooltips; over the layer that holds its own cells.
    function place() {
      const paper = plot.querySelector('.main-svg');
      if (canvas.parentNode !== paper.parentNode) {
        paper.parentNode.insertBefore(canvas, paper.nextSibling);
      }
      const area = plot.querySelector('.nsewdrag').getBoundingClientRect();
      const outer = paper.getBoundingClientRect();
      canvas.style.left = (area.left - outer.left) + 'px';
      canvas.style.top = (area.top - outer.top) + 'px';
      canvas.style.width = area.width + 'px';
      canvas.style.height = area.height + 'px';
    }

    function paint(z, zmax) {
      for (let l = 0; l < layers; l++) {
        for (let p = 0; p < positions; p++) {
          const value = z[l][p];
          const rgb = value === null ? self : PALETTE[Math.min(255, Math.round(value / zmax * 255))];
          const at = ((layers - 1 - l) * positions + p) * 4;
          pixels.data[at] = rgb[0];
          pixels.data[at + 1] = rgb[1];
          pixels.data[at + 2] = rgb[2];
          pixels.data[at + 3] = 255;
        }
      }
      canvas.getContext('2d').putImageData(pixels, 0, 0);
      canvas.hidden = false;
    }

    canvas.hidden = true;
    return {place: place, paint: paint};
  }

  /** How many figures have a text description so far, to give each its own id. */
  let described = 0;

  /** Builds the figure of one block from its decoded data. */
  function build(figure, data) {
    const explorer = figure.dataset.view === 'explorer';
    const home = {layer: +figure.dataset.layer, position: +figure.dataset.position};
    if (!(home.layer < data.layers && home.position < data.positions)) {
      throw new Error('the data file has ' + data.layers + ' layers and ' + data.positions
          + ' positions, fewer than the figure\'s state (' + home.layer + ', ' + home.position + ') needs');
    }
    let selected = home, pinned = false, direction = figure.dataset.direction, scale = 'own';
    let drawing = false, pending = null, syncTimer = null;
    const layers = data.layers, positions = data.positions, tokens = data.tokens;

    const status = element('p', 'visibility-state');
    status.setAttribute('aria-live', 'polite');
    const bar = element('div', 'visibility-bar');
    bar.appendChild(status);
    const plot = element('div', 'visibility-plot');
    // With the script on, the <noscript> fallback is gone: its text, for the state shown, is kept here for screen
    // readers, and announced as it changes.
    const summary = element('p', 'visibility-description', describeState(data, home, direction));
    summary.id = 'visibility-description-' + described++;
    summary.setAttribute('aria-live', 'polite');
    const caption = figure.querySelector('figcaption');
    figure.insertBefore(bar, caption);
    figure.insertBefore(plot, caption);
    figure.insertBefore(summary, caption);
    const cells = cellCanvas(plot, layers, positions);

    function describe() {
      status.textContent = stateTitle(selected) + (pinned ? ' (pinned)' : '');
      figure.dataset.pinned = String(pinned);
    }

    /** 'Layer 5, position 10: “ token”', or for a corpus figure 'Layer 5, position 10 · mean over 200 texts'. */
    function stateTitle(state) {
      const where = 'Layer ' + state.layer + ', position ' + state.position;
      return data.samples ? where + ' · mean over ' + data.samples + (data.samples === 1 ? ' text' : ' texts')
          : where + ': “' + tokens[state.position] + '”';
    }

    // The title wraps where the figure is narrow. It keeps the height of its longest form, measured in a hidden
    // copy (the title itself is read out as it changes), so that the cells do not move under a pointer that goes
    // from a state with a short title to one with a long title.
    const longestTitle = tokens.map(function (_, p) {
      return stateTitle({layer: layers - 1, position: p}) + ' (pinned)';
    }).reduce(function (longest, title) { return title.length > longest.length ? title : longest; });
    function reserveTitleRoom() {
      // A single heatmap's title never changes.
      if (!explorer) {
        return;
      }
      const probe = element('p', 'visibility-state', longestTitle);
      probe.setAttribute('aria-hidden', 'true');
      Object.assign(probe.style, {position: 'absolute', visibility: 'hidden', width: status.clientWidth + 'px'});
      bar.appendChild(probe);
      status.style.minHeight = probe.getBoundingClientRect().height + 'px';
      probe.remove();
    }

    /** For a corpus figure, the standard deviation of every cell of the state, as tooltips show it. */
    function spreads(state) {
      if (!data.sd) {
        return null;
      }
      return heatmapOf(data.sd, data, state.layer, state.position, direction).z.map(function (row) {
        return row.map(function (value) { return value === null ? '' : String(Number(value.toPrecision(3))); });
      });
    }

    // Paints the selected state at once, and has Plotly redraw it once the pointer has rested.
    function render() {
      const map = heatmap(data, selected.layer, selected.position, direction);
      const zmax = (scale === 'shared' ? data.max : map.max) || 1;
      cells.paint(map.z, zmax);
      describe();
      figure.dataset.synced = 'false';
      clearTimeout(syncTimer);
      syncTimer = setTimeout(function () {
        syncTimer = null;
        // Once the pointer rests, as Plotly's redraw: a screen reader would not keep up with every hovered cell.
        summary.textContent = describeState(data, selected, direction);
        sync(map.z, zmax, selected);
      }, SYNC_DELAY_MS);
    }

    // A request that arrives while Plotly draws is served once it is done.
    function sync(z, zmax, state) {
      if (drawing) {
        pending = [z, zmax, state];
        return;
      }
      drawing = true;
      function done() {
        drawing = false;
        // Tells readers of the DOM (and the tests) which state Plotly's data holds, and whether it is the last one.
        figure.dataset.selected = state.layer + ',' + state.position;
        const next = pending;
        pending = null;
        if (next) {
          sync(next[0], next[1], next[2]);
        } else if (syncTimer === null) {
          figure.dataset.synced = 'true';
        }
      }
      const update = {z: [z], zmax: [zmax], hovertemplate: [hoverTemplate()]};
      if (data.sd) {
        update.text = [spreads(state)];
      }
      Plotly.restyle(plot, update, [0]).then(done, done);
    }

    function select(cell, pin) {
      pinned = pin;
      if (cell.layer !== selected.layer || cell.position !== selected.position) {
        selected = cell;
        render();
      } else {
        describe();
      }
    }

    /** The cell under the pointer, or null; Plotly's drag layer covers exactly the cells. */
    function cellAt(event) {
      const area = plot.querySelector('.nsewdrag').getBoundingClientRect();
      const x = (event.clientX - area.left) / area.width, y = (event.clientY - area.top) / area.height;
      if (!(x >= 0 && x < 1 && y >= 0 && y < 1)) {
        return null;
      }
      return {layer: layers - 1 - Math.floor(y * layers), position: Math.floor(x * positions)};
    }

    /** The state that a key moves the selection to, or null: the arrows step, Home and End jump along the layer. */
    function keyTarget(key) {
      const move = MOVES[key];
      if (move) {
        return {
          layer: Math.min(layers - 1, Math.max(0, selected.layer + move[0])),
          position: Math.min(positions - 1, Math.max(0, selected.position + move[1]))
        };
      }
      if (key === 'Home' || key === 'End') {
        return {layer: selected.layer, position: key === 'Home' ? 0 : positions - 1};
      }
      return null;
    }

    function hoverTemplate() {
      const what = {sees: 'seen', influences: 'influenced', both: 'value'}[direction];
      // %{x} would print the tick label, that is the token, so the position comes from customdata.
      if (data.sd) {
        // A corpus's samples differ in their tokens: the mean and its spread, and no token.
        return 'Layer %{y}, position %{customdata[0]}<br>' + what + ': <b>%{z:.3~g}</b> ± %{text}<extra></extra>';
      }
      return 'Layer %{y}, position %{customdata[0]}<br>%{customdata[1]}<br>' + what + ': <b>%{z:.3~g}</b><extra></extra>';
    }

    const first = heatmap(data, home.layer, home.position, direction);
    const layerNumbers = Array.from({length: layers}, function (_, l) { return l; });
    const positionNumbers = Array.from({length: positions}, function (_, p) { return p; });
    const columns = tokens.map(function (token, p) { return [p, '“' + plotlyText(token) + '”']; });
    const font = getComputedStyle(figure).fontFamily;
    const labels = tokens.map(shortened);
    const plan = tickPlan(labels, font);
    const cellsHeight = Math.max(160, 26 * layers);
    const trace = {
      type: 'heatmap', x: positionNumbers, y: layerNumbers, z: first.z, zmin: 0, zmax: first.max || 1,
      colorscale: COLORSCALE, hoverongaps: false, hovertemplate: hoverTemplate(),
      customdata: layerNumbers.map(function () { return columns; }), text: spreads(home),
      colorbar: {thickness: 12, outlinewidth: 0, tickfont: {size: 11}}
    };
    const layout = {
      margin: {l: 56, r: 8, t: 10},
      font: {family: font, size: 12, color: '#333'},
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: SELF_COLOR,
      dragmode: false,
      xaxis: {
        title: {text: data.samples ? 'Position' : 'Token position', standoff: 8}, tickmode: 'array',
        tickfont: {size: TICK_SIZE}, automargin: true, fixedrange: true, showgrid: false, zeroline: false
      },
      yaxis: {title: {text: 'Layer'}, dtick: 1, fixedrange: true, showgrid: false, zeroline: false},
      hoverlabel: {bgcolor: '#fff', bordercolor: '#999', font: {family: font, color: '#222', size: 13}}
    };
    const config = {displayModeBar: false, doubleClick: false, scrollZoom: false};
    // The plot's height, kept here: Plotly.Plots.resize deletes it from the layout.
    let ticks = null, plotHeight = 0;

    /**
     * Sets the labels in the layout for cells of the given width, with room below for them; returns whether that
     * changed them. Plotly's automargin would make the room too, but only by shrinking the cells.
     */
    function planTicks(length) {
      const next = plan(length);
      if (ticks && next.angle === ticks.angle && next.step === ticks.step) {
        return false;
      }
      ticks = next;
      const shown = positionNumbers.filter(function (p) { return p % next.step === 0; });
      Object.assign(layout.xaxis, {
        tickvals: shown, tickangle: next.angle,
        ticktext: shown.map(function (p) { return plotlyText(labels[p]); })
      });
      layout.margin.b = Math.round(next.depth) + AXIS_TITLE_ROOM;
      layout.height = plotHeight = cellsHeight + layout.margin.t + layout.margin.b;
      return true;
    }

    /** Plans the labels anew for the cells' width now, once Plotly has laid them out. */
    function fitTicks() {
      if (planTicks(plot.querySelector('.nsewdrag').getBoundingClientRect().width)) {
        return Plotly.relayout(plot, {
          'xaxis.tickvals': layout.xaxis.tickvals, 'xaxis.ticktext': layout.xaxis.ticktext,
          'xaxis.tickangle': layout.xaxis.tickangle, 'margin.b': layout.margin.b, height: plotHeight
        });
      }
      return Promise.resolve();
    }

    planTicks(plot.getBoundingClientRect().width - layout.margin.l - layout.margin.r - COLORBAR_ROOM);

    if (explorer) {
      bar.appendChild(toggles('Direction', DIRECTIONS, direction, function (value) {
        direction = value;
        figure.dataset.direction = value;
        render();
      }));
      bar.appendChild(toggles('Colour scale', SCALES, scale, function (value) {
        scale = value;
        figure.dataset.scale = value;
        render();
      }));
      figure.insertBefore(element('p', 'visibility-hint',
          'Hover or tap a cell to see its heatmap. Click pins it; arrow keys move, Home and End go to the first and'
          + ' last position, Esc unpins.'), caption);
      plot.tabIndex = 0;
      // A widget of its own that takes the arrow keys: a label alone, on a div without a role, reaches no reader.
      plot.setAttribute('role', 'application');
      plot.setAttribute('aria-label', 'Heatmap explorer: arrow keys choose the state, Home and End the first and'
          + ' last position');
      plot.setAttribute('aria-describedby', summary.id);
    }
    // Plotly draws the image from a copy of the figure: the shown state, whatever Plotly's own div holds yet.
    bar.appendChild(actions('Download', FORMATS, function (format) {
      const map = heatmap(data, selected.layer, selected.position, direction);
      const title = (data.samples ? stateTitle(selected) : 'Layer ' + selected.layer + ', position '
          + selected.position + ' (“' + plotlyText(tokens[selected.position]) + '”)') + ': ' + DESCRIPTIONS[direction];
      const width = Math.round(plot.getBoundingClientRect().width);
      // The title starts over the cells, as they do.
      const lines = titleLines(title, font, width - layout.margin.l - layout.margin.r);
      const top = TITLE_LINE * (lines.length + 1), height = plotHeight - layout.margin.t + top;
      const image = {
        data: [Object.assign({}, trace, {z: map.z, zmax: (scale === 'shared' ? data.max : map.max) || 1,
          text: spreads(selected)})],
        layout: Object.assign({}, layout, {
          title: {text: lines.join('<br>'), x: 0, xref: 'paper', xanchor: 'left', font: {size: TITLE_SIZE}},
          paper_bgcolor: '#fff', margin: Object.assign({}, layout.margin, {t: top}), width: width, height: height
        })
      };
      const name = 'visibility-layer' + selected.layer + '-position' + selected.position + '-' + direction;
      const options = {format: format, width: width, height: height, scale: format === 'png' ? 2 : 1};
      Plotly.toImage(image, options).then(function (url) {
        save(url, name + '.' + format);
        figure.dataset.downloaded = name + '.' + format;
      }, function (error) { fail(figure, error); });
    }));
    figure.dataset.scale = scale;
    describe();
    reserveTitleRoom();

    figure.dataset.selected = home.layer + ',' + home.position;
    figure.dataset.synced = 'true';
    return Plotly.newPlot(plot, [trace], layout, config).then(fitTicks).then(function () {
      cells.place();
      plot.on('plotly_afterplot', cells.place);
      // Plotly's own 'responsive' follows only the window; the figure also changes width when the page reflows.
      new ResizeObserver(function () {
        reserveTitleRoom();
        Plotly.Plots.resize(plot).then(fitTicks);
      }).observe(figure);
      if (explorer) {
        // The cell comes from the pointer's position, not from Plotly's hover data: each redraw clears that,
        // so a click right after a hover that switched the heatmap would find none.
        plot.addEventListener('pointermove', function (event) {
          const cell = cellAt(event);
          if (cell && !pinned) {
            select(cell, false);
          }
        });
        // Not 'click': Plotly dispatches a second, synthetic click of its own, which would unpin at once.
        plot.addEventListener('pointerup', function (event) {
          const cell = event.button === 0 && cellAt(event);
          if (cell) {
            select(cell, !(pinned && cell.layer === selected.layer && cell.position === selected.position));
          }
        });
        plot.addEventListener('pointerleave', function () {
          if (!pinned) {
            select(home, false);
          }
        });
        plot.addEventListener('keydown', function (event) {
          const next = keyTarget(event.key);
          if (event.key === 'Escape') {
            select(selected, false);
          } else if (next) {
            event.preventDefault();
            select(next, true);
          }
        });
      }
      figure.dataset.ready = 'true';
    });
  }

  function load(figure) {
    const inline = figure.querySelector('script.visibility-data');
    if (inline) {
      return Promise.resolve(parse(inline.textContent));
    }
    return fetch(figure.dataset.src).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status + ' for ' + figure.dataset.src);
      }
      return response.text();
    }).then(parse);
  }

  /** The browser's own parse error names a character, not the file; the figure says what is wrong in words. */
  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error('the data file is not valid JSON (cut short or edited by hand?)');
    }
  }

  function fail(figure, error) {
    figure.classList.add('visibility-failed');
    figure.insertBefore(element('p', 'visibility-error', 'This figure could not be shown: ' + error.message),
        figure.querySelector('figcaption'));
  }

  function start() {
    document.querySelectorAll('figure.visibility').forEach(function (figure) {
      if (figure.dataset.started) {
        return;
      }
      figure.dataset.started = 'true';
      if (typeof Plotly === 'undefined') {
        fail(figure, new Error('Plotly did not load.'));
        return;
      }
      load(figure).then(function (json) { return build(figure, decode(json)); })
          .catch(function (error) { fail(figure, error); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
