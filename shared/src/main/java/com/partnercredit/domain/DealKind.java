package com.partnercredit.domain;

/** How a partner took part in a sold deal (section 9). */
public enum DealKind {
  SOURCED,
  ASSISTED
}
