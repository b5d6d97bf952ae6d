/**
 * W8: the paid-service order is made out in four copies: 1 and 3 go to the service desk (3 is the
 * billing basis), 2 to engineering, 4 to the resident. Each printed copy says which it is and
 * where it goes.
 */
export interface OrderCopy {
  n: 1 | 2 | 3 | 4;
  /** 第一联 ... 第四联 */
  name: string;
  /** Where it goes, as printed on it. */
  goesTo: string;
  goesToEn: string;
  /** W7: the resident's own copy always has an empty line to sign on, however late it is printed. */
  blankSignature: boolean;
}

export const ORDER_COPIES: readonly OrderCopy[] = [
  { n: 1, name: '第一联', goesTo: '服务中心留存', goesToEn: 'service desk', blankSignature: false },
  { n: 2, name: '第二联', goesTo: '工程部', goesToEn: 'engineering', blankSignature: false },
  { n: 3, name: '第三联', goesTo: '服务中心·收费依据', goesToEn: 'service desk, billing basis', blankSignature: false },
  { n: 4, name: '第四联', goesTo: '业户留存', goesToEn: 'resident', blankSignature: true },
];
