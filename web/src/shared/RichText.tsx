/**
 * The texts of a call (descriptions, reviews, proposals) as the dataset keeps them: paragraphs
 * separated by blank lines, "- " bullet lists and "|"-separated tables copied from the report.
 */
import type { ReactNode } from 'react';

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; rows: string[][] };

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => line.trim().startsWith('|'))) {
      blocks.push({
        kind: 'table',
        rows: lines.map((line) =>
          line
            .trim()
            .replace(/^\||\|$/g, '')
            .split('|')
            .map((cell) => cell.trim()),
        ),
      });
    } else if (lines.every((line) => line.trim().startsWith('- '))) {
      blocks.push({ kind: 'list', items: lines.map((line) => line.trim().slice(2)) });
    } else {
      blocks.push({ kind: 'paragraph', text: lines.join(' ') });
    }
  }
  return blocks;
}

export function RichText(props: { text: string | null; tableCaption?: string }): ReactNode {
  if (!props.text) return null;
  const blocks = parseBlocks(props.text);
  return (
    <div className="rich-text">
      {blocks.map((block, index) => {
        const key = `${block.kind}-${index}`;
        if (block.kind === 'paragraph') return <p key={key}>{block.text}</p>;
        if (block.kind === 'list')
          return (
            <ul key={key}>
              {block.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          );
        const [head, ...body] = block.rows;
        return (
          <div className="table-wrapper" key={key}>
            <table className="table table--compact table--report">
              <caption>{props.tableCaption ?? 'Tableau du rapport'}</caption>
              <thead>
                <tr>
                  {(head ?? []).map((cell, cellIndex) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed table have no identity
                    <th scope="col" key={cellIndex}>
                      {cell}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {body.map((row, rowIndex) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed table have no identity
                  <tr key={rowIndex}>
                    {row.map((cell, cellIndex) =>
                      cellIndex === 0 ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed table have no identity
                        <th scope="row" key={cellIndex}>
                          {cell}
                        </th>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed table have no identity
                        <td key={cellIndex}>{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}
