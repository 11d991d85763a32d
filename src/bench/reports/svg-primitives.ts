/**
 * Minimal SVG building blocks for the bench charts: escaped text, shapes, scales and ticks.
 * Hand-written on purpose (no charting dependency in a CI tool); every string that reaches the
 * document goes through {@link escapeXml}.
 */

/** Escapes text and attribute values for XML. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** Attributes: numbers rounded to 0.1 px (small files, stable diffs); strings escaped. */
export type Attributes = Readonly<Record<string, string | number | undefined>>

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'number' ? String(Math.round(value * 10) / 10) : value
      return ` ${key}="${escapeXml(text)}"`
    })
    .join('')
}

/** An element with children (already-rendered markup). */
export function element(name: string, attrs: Attributes, children: readonly string[] = []): string {
  return children.length === 0
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${children.join('')}</${name}>`
}

/** A text element; `content` is escaped. */
export function text(x: number, y: number, content: string, attrs: Attributes = {}): string {
  return `<text${attributes({ x, y, ...attrs })}>${escapeXml(content)}</text>`
}

/** A line segment. */
export function line(x1: number, y1: number, x2: number, y2: number, attrs: Attributes): string {
  return element('line', { x1, y1, x2, y2, ...attrs })
}

/** A rectangle. */
export function rect(x: number, y: number, width: number, height: number, attrs: Attributes): string {
  return element('rect', { x, y, width: Math.max(0, width), height: Math.max(0, height), ...attrs })
}

/** A circle. */
export function circle(cx: number, cy: number, r: number, attrs: Attributes): string {
  return element('circle', { cx, cy, r, ...attrs })
}

/** A tooltip child (`<title>`), shown by browsers on hover. */
export function tooltip(content: string): string {
  return `<title>${escapeXml(content)}</title>`
}

/** Wraps content into a complete SVG document with a white background. */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(width)}" height="${Math.round(height)}" ` +
    `viewBox="0 0 ${Math.round(width)} ${Math.round(height)}" role="img" aria-label="${escapeXml(title)}" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="13">\n` +
    `${tooltip(title)}\n${rect(0, 0, width, height, { fill: '#ffffff' })}\n${body.join('\n')}\n</svg>\n`
  )
}

/** Maps a value to a pixel position. */
export interface Scale {
  (value: number): number
  readonly ticks: readonly number[]
  readonly domain: readonly [number, number]
}

/**
 * A logarithmic scale over `[min, max]` (positive) onto `[from, to]` pixels, with 1-2-5 ticks.
 * Ratios need it: 0.01x (against mingo) and 25x (kernel overhead) belong on one axis.
 */
export function logScale(min: number, max: number, from: number, to: number): Scale {
  // Bounds snap outwards to the 1-2-5 series, which keeps the axis tight (0.005x..20x rather
  // than 0.001x..100x) while every tick stays a round number.
  const steps = (value: number): number[] => {
    const decade = Math.pow(10, Math.floor(Math.log10(value)))
    return [decade / 2, decade, decade * 2, decade * 5, decade * 10].map((v) => Number(v.toPrecision(3)))
  }
  const low = Math.max(...steps(min).filter((v) => v <= min * 1.0001))
  const high = Math.min(...steps(max).filter((v) => v >= max * 0.9999))
  const span = Math.log10(high) - Math.log10(low) || 1
  const scale = ((value: number) =>
    from + ((Math.log10(Math.max(value, low)) - Math.log10(low)) / span) * (to - from)) as Scale
  const ticks: number[] = []
  for (let decade = Math.pow(10, Math.floor(Math.log10(low))); decade <= high; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const tick = Number((decade * step).toPrecision(3))
      if (tick >= low * 0.9999 && tick <= high * 1.0001) ticks.push(tick)
    }
  }
  return Object.assign(scale, { ticks, domain: [low, high] as const })
}

/** A linear scale over `[min, max]` onto `[from, to]` with about `count` round ticks. */
export function linearScale(min: number, max: number, from: number, to: number, count = 5): Scale {
  const rawStep = (max - min || Math.abs(max) || 1) / count
  const magnitude = Math.pow(10, Math.floor(Math.log10(rawStep)))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= rawStep) ?? 10) * magnitude
  const low = Math.floor(min / step) * step
  const high = Math.ceil(max / step) * step === low ? low + step : Math.ceil(max / step) * step
  const scale = ((value: number) => from + ((value - low) / (high - low)) * (to - from)) as Scale
  const ticks: number[] = []
  for (let tick = low; tick <= high + step / 1000; tick += step) ticks.push(Number(tick.toPrecision(6)))
  return Object.assign(scale, { ticks, domain: [low, high] as const })
}

/** Shortens `content` to about `max` characters with an ellipsis. */
export function truncate(content: string, max: number): string {
  return content.length <= max ? content : `${content.slice(0, Math.max(1, max - 1))}…`
}

/** A tick label for a ratio axis: `0.01x`, `0.5x`, `2x`, `100x`. */
export function ratioLabel(value: number): string {
  return `${Number(value.toPrecision(2))}x`
}
