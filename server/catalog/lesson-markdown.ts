import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Lesson bodies: Markdown in, safe HTML out, on the server (the browser inserts it as is).
 *
 * markdown-it renders (CommonMark, with tables and autolinks); authors may mix in plain HTML such
 * as <video> or <details>. Whatever comes out then passes sanitize-html with an allow-list: that is
 * the guard, so no script, style, iframe, event handler or non-http(s)/mailto URL survives,
 * whoever wrote the lesson or the file it was imported from.
 */

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false, breaks: false });

const VIDEO_FILE = /\.(mp4|webm|ogv|ogg|mov)(\?[^#]*)?(#.*)?$/i;

// `![caption](https://example.com/clip.mp4)` becomes a player: the Markdown way to embed a video.
const renderImage = markdown.renderer.rules.image!;
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  const src = String(token.attrGet('src') ?? '');
  if (VIDEO_FILE.test(src)) {
    const label = markdown.utils.escapeHtml(String(token.content));
    return `<video controls preload="metadata" src="${markdown.utils.escapeHtml(src)}" title="${label}"></video>`;
  }
  return renderImage(tokens, index, options, env, self);
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'span',
    'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 's', 'del', 'sub', 'sup', 'mark', 'kbd',
    'a', 'img', 'video', 'source', 'figure', 'figcaption', 'details', 'summary',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    video: ['src', 'controls', 'preload', 'poster', 'width', 'height', 'title'],
    source: ['src', 'type'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'], video: ['http', 'https'], source: ['http', 'https'] },
  allowProtocolRelative: false,
  // Script and style contents go with their tags instead of being left behind as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  disallowedTagsMode: 'discard',
  transformTags: {
    // Lessons open inside the portal's frame: links leave it, and the opened page gets no handle back.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer' } }),
    video: (tagName, attribs) => ({ tagName, attribs: { ...attribs, controls: '' } }),
  },
};

/** The HTML a learner sees for a lesson body (or a course description). */
export function renderLessonHtml(bodyMarkdown: string): string {
  return sanitizeHtml(markdown.render(bodyMarkdown), SANITIZE);
}
