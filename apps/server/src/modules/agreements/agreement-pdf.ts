import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import type { AgreementDocument } from './agreement-text.ts';

export interface AgreementPdfInput {
  documents: AgreementDocument[];
  signerName: string;
  signedAt: Date;
  contentHash: string;
  templateVersion: string;
  ip: string | null;
  brandName: string;
}

const PAGE = { width: 612, height: 792, margin: 56 } as const;

/**
 * The standard fonts only cover WinAnsi; a name in another script would make pdf-lib
 * throw, so unsupported characters become '?' on paper (the exact name stays in the row).
 */
function printable(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  return Array.from(text, (ch) => (supported.has(ch.codePointAt(0) ?? 0) ? ch : '?')).join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** A signed copy for the customer's records; stored once with the signature row. */
export async function renderAgreementPdf(input: AgreementPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  // Metadata makes the copy checkable without text extraction: who signed, which text.
  pdf.setTitle(`${printable(input.brandName, regular)} booking agreement`);
  pdf.setAuthor(printable(input.signerName, regular));
  pdf.setSubject(input.templateVersion);
  pdf.setKeywords([input.contentHash]);
  pdf.setCreationDate(input.signedAt);
  pdf.setModificationDate(input.signedAt);

  const width = PAGE.width - 2 * PAGE.margin;
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const write = (text: string, options: { font: PDFFont; size: number; gap?: number }) => {
    for (const line of wrap(printable(text, options.font), options.font, options.size, width)) {
      if (y < PAGE.margin + options.size) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin, y, size: options.size, font: options.font });
      y -= options.size * 1.35;
    }
    y -= options.gap ?? 0;
  };

  write(`${input.brandName} booking agreement`, { font: bold, size: 16, gap: 8 });
  for (const doc of input.documents) {
    write(`${doc.title} (version ${doc.version})`, { font: bold, size: 12, gap: 2 });
    for (const paragraph of doc.paragraphs) write(paragraph, { font: regular, size: 10, gap: 6 });
    y -= 6;
  }
  write('Signature', { font: bold, size: 12, gap: 2 });
  write(`Signed by typing the name: ${input.signerName}`, { font: regular, size: 10 });
  write(`Signed at: ${input.signedAt.toISOString()}`, { font: regular, size: 10 });
  if (input.ip) write(`From IP address: ${input.ip}`, { font: regular, size: 10 });
  write(`Template: ${input.templateVersion}`, { font: regular, size: 10 });
  write(`Content SHA-256: ${input.contentHash}`, { font: regular, size: 8 });
  return pdf.save();
}
