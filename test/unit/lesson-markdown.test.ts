import { renderLessonHtml } from '../../server/catalog/lesson-markdown';

describe('lesson Markdown rendering', () => {
  it('renders Markdown to HTML', () => {
    const html = renderLessonHtml('# Title\n\nSome **bold** text and a list:\n\n- one\n- two\n');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<li>one</li>');
  });

  it('drops scripts, event handlers and javascript: URLs, whatever way they are written', () => {
    const html = renderLessonHtml(
      [
        '<script>alert(1)</script>',
        '<img src="https://example.com/a.png" onerror="alert(2)">',
        '[click](javascript:alert(3))',
        '<a href="javascript:alert(4)">raw link</a>',
        '<a href="JaVaScRiPt:alert(5)" onclick="alert(6)">mixed case</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<div style="background:url(javascript:alert(7))" onmouseover="alert(8)">styled</div>',
        '<svg onload="alert(9)"><circle /></svg>',
      ].join('\n\n'),
    );
    const tags = html.match(/<[^>]*>/g) ?? [];
    expect(html).not.toMatch(/<script/i);
    expect(tags.filter((tag) => /\son\w+\s*=|javascript:|style=|<iframe|<svg/i.test(tag))).toEqual([]);
    // What was not a link stays plain text, e.g. "[click](javascript:alert(3))" is shown, not followed.
    expect(html).not.toMatch(/alert\(1\)|alert\(7\)/);
    expect(html).toContain('<img src="https://example.com/a.png" />');
  });

  it('opens links in a new tab without a handle back to the app', () => {
    const html = renderLessonHtml('See [the guide](https://example.com/guide) or https://example.org');
    expect(html).toContain('<a href="https://example.com/guide" target="_blank" rel="noopener noreferrer">the guide</a>');
    expect(html).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer">https://example.org</a>');
  });

  it('allows images and videos', () => {
    expect(renderLessonHtml('![A lock](https://example.com/lock.png)')).toContain('<img src="https://example.com/lock.png" alt="A lock" />');
    const video = renderLessonHtml('![Phishing in 2 minutes](https://example.com/clip.mp4)');
    expect(video).toMatch(/<video controls preload="metadata" src="https:\/\/example.com\/clip.mp4" title="Phishing in 2 minutes"><\/video>/);
    expect(renderLessonHtml('<video src="https://example.com/b.webm" autoplay></video>')).toContain('<video src="https://example.com/b.webm" controls></video>');
  });
});
