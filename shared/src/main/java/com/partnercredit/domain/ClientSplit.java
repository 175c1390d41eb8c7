package com.partnercredit.domain;

import java.util.List;

/**
 * The split of a client's MRR among the partners servicing it at {@code asOf} (section 7): shares in
 * ascending partnerId, adding up to {@code mrr} exactly. Empty when nobody services the client.
 */
public record ClientSplit(long clientId, Money mrr, List<Share> shares) {

  public ClientSplit {
    shares = List.copyOf(shares);
  }

  /** One servicing partner's share. */
  public record Share(long partnerId, Money credit) {}
}
