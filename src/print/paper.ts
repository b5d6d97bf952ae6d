/** The paper sizes an order prints on; kept apart from the PDF code so that naming them loads no PDF library. */
export type Paper = 'A4' | 'A5';
export const PAPERS: readonly Paper[] = ['A4', 'A5'];
