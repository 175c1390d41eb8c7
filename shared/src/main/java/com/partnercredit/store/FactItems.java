package com.partnercredit.store;

import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUnlinked;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.ClientUserDeactivated;
import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.SubscriptionChanged;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Domain facts to table items and back (the table's layout is in {@link Keys}). A fact's item is a
 * pure function of the fact, so writing the same fact twice writes the same item.
 */
public final class FactItems {
  private FactItems() {}

  /** The contract type of a fact ({@code docs/api.md} section 3), stored in {@link Attr#TYPE}. */
  public static String type(Fact fact) {
    if (fact instanceof PartnerRegistered) {
      return "PARTNER_REGISTERED";
    }
    if (fact instanceof EmployeeAdded) {
      return "EMPLOYEE_ADDED";
    }
    if (fact instanceof EmployeeRemoved) {
      return "EMPLOYEE_REMOVED";
    }
    if (fact instanceof ClientUpserted) {
      return "CLIENT_UPSERTED";
    }
    if (fact instanceof SubscriptionChanged) {
      return "SUBSCRIPTION_CHANGED";
    }
    if (fact instanceof ClientUserAdded) {
      return "CLIENT_USER_ADDED";
    }
    if (fact instanceof ClientUserDeactivated) {
      return "CLIENT_USER_DEACTIVATED";
    }
    if (fact instanceof ClientUserReactivated) {
      return "CLIENT_USER_REACTIVATED";
    }
    if (fact instanceof ClientUserRemoved) {
      return "CLIENT_USER_REMOVED";
    }
    if (fact instanceof ClientLinked) {
      return "CLIENT_LINKED";
    }
    if (fact instanceof ClientUnlinked) {
      return "CLIENT_UNLINKED";
    }
    if (fact instanceof DealSold) {
      return "DEAL_SOLD";
    }
    throw new IllegalArgumentException("not stored as a fact: " + fact.getClass().getSimpleName());
  }

  /** The partition a fact lives in: its client's, or for partner-side facts its partner's. */
  public static String partition(Fact fact) {
    if (fact instanceof PartnerRegistered f) {
      return Keys.partner(f.partnerId());
    } else if (fact instanceof EmployeeAdded f) {
      return Keys.partner(f.partnerId());
    } else if (fact instanceof EmployeeRemoved f) {
      return Keys.partner(f.partnerId());
    } else if (fact instanceof DealSold f) {
      return Keys.partner(f.partnerId());
    } else if (fact instanceof ClientUpserted f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof SubscriptionChanged f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof ClientUserAdded f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof ClientUserDeactivated f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof ClientUserReactivated f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof ClientUserRemoved f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof ClientLinked f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof ClientUnlinked f) {
      return Keys.client(f.clientId());
    } else if (fact instanceof Activity f) {
      return Keys.client(f.clientId());
    }
    throw new IllegalArgumentException("unknown fact " + fact.getClass());
  }

  /** The attributes {@link #auditFields} may show: ids, times, money, kinds; never an email or a name. */
  private static final java.util.List<String> AUDITED = java.util.List.of(
      Attr.TYPE, Attr.EVENT_ID, Attr.OCCURRED_AT, Attr.PARTNER_ID, Attr.CLIENT_ID, Attr.EMPLOYEE_ID, Attr.USER_ID,
      Attr.BY_PARTNER_ADMIN, Attr.CURRENCY, Attr.MRR, Attr.DEAL_KIND, Attr.GROWTH_MARKET);

  /**
   * A fact as log fields: its type, partition, ids, time, money and kind, as plain values, and
   * never an email address, a name or a domain (what a log may hold, docs/operations.md).
   */
  public static Map<String, Object> auditFields(Fact fact) {
    Map<String, AttributeValue> item = item(fact, null);
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("partition", item.get(Attr.PK).s());
    for (String name : AUDITED) {
      AttributeValue value = item.get(name);
      if (value == null) {
        continue;
      }
      if (value.n() != null) {
        fields.put(name, Long.parseLong(value.n()));
      } else if (value.bool() != null) {
        fields.put(name, value.bool());
      } else {
        fields.put(name, value.s());
      }
    }
    return fields;
  }

  /** The item of a fact, with its index keys; {@code actor} (may be null) is kept for audit. */
  public static Map<String, AttributeValue> item(Fact fact, String actor) {
    Map<String, AttributeValue> item = new HashMap<>();
    String pk = partition(fact);
    item.put(Attr.PK, s(pk));
    item.put(Attr.SK, s(Keys.fact(fact.eventId())));
    item.put(Attr.KIND, s("FACT"));
    item.put(Attr.TYPE, s(type(fact)));
    item.put(Attr.EVENT_ID, s(fact.eventId()));
    item.put(Attr.OCCURRED_AT, n(fact.occurredAt().toEpochMilli()));
    if (actor != null) {
      item.put(Attr.ACTOR, s(actor));
    }
    boolean partnerSide = pk.startsWith("PARTNER#");
    long owner = partnerSide ? Keys.idAfter("PARTNER#", pk) : Keys.idAfter("CLIENT#", pk);
    item.put(Attr.GSI2PK, s(partnerSide ? Keys.partnerShard(Keys.shardOf(owner)) : Keys.clientShard(Keys.shardOf(owner))));
    item.put(Attr.GSI2SK, s(pk + "#" + fact.eventId()));
    if (fact instanceof PartnerRegistered f) {
      item.put(Attr.PARTNER_ID, n(f.partnerId()));
      item.put(Attr.NAME, s(f.name()));
      item.put(Attr.DOMAINS, AttributeValue.fromL(f.domains().stream().map(FactItems::s).toList()));
      item.put(Attr.GROWTH_MARKET, AttributeValue.fromBool(f.growthMarket()));
    } else if (fact instanceof EmployeeAdded f) {
      item.put(Attr.PARTNER_ID, n(f.partnerId()));
      item.put(Attr.EMPLOYEE_ID, n(f.employeeId()));
      item.put(Attr.EMAIL, s(f.email()));
      item.put(Attr.GSI1PK, s(Keys.email(f.email())));
      item.put(Attr.GSI1SK, s(Keys.employeeByEmail(f.partnerId(), f.employeeId())));
    } else if (fact instanceof EmployeeRemoved f) {
      item.put(Attr.PARTNER_ID, n(f.partnerId()));
      item.put(Attr.EMPLOYEE_ID, n(f.employeeId()));
    } else if (fact instanceof DealSold f) {
      item.put(Attr.PARTNER_ID, n(f.partnerId()));
      item.put(Attr.CLIENT_ID, n(f.clientId()));
      money(item, f.mrr());
      item.put(Attr.DEAL_KIND, s(f.kind().name()));
    } else if (fact instanceof ClientUpserted f) {
      item.put(Attr.CLIENT_ID, n(f.clientId()));
      item.put(Attr.NAME, s(f.name()));
      item.put(Attr.DOMAIN, s(f.domain() == null ? "" : f.domain()));
      item.put(Attr.CURRENCY, s(f.currency().getCurrencyCode()));
    } else if (fact instanceof SubscriptionChanged f) {
      item.put(Attr.CLIENT_ID, n(f.clientId()));
      money(item, f.mrr());
    } else if (fact instanceof ClientUserAdded f) {
      clientUser(item, f.clientId(), f.userId());
      item.put(Attr.EMAIL, s(f.email()));
      item.put(Attr.GSI1PK, s(Keys.email(f.email())));
      item.put(Attr.GSI1SK, s(Keys.clientUserByEmail(f.clientId(), f.userId())));
    } else if (fact instanceof ClientUserDeactivated f) {
      clientUser(item, f.clientId(), f.userId());
    } else if (fact instanceof ClientUserReactivated f) {
      clientUser(item, f.clientId(), f.userId());
      f.byPartnerAdmin().ifPresent(p -> item.put(Attr.BY_PARTNER_ADMIN, n(p)));
    } else if (fact instanceof ClientUserRemoved f) {
      clientUser(item, f.clientId(), f.userId());
      f.byPartnerAdmin().ifPresent(p -> item.put(Attr.BY_PARTNER_ADMIN, n(p)));
    } else if (fact instanceof ClientLinked f) {
      link(item, f.partnerId(), f.employeeId(), f.clientId(), f.eventId());
    } else if (fact instanceof ClientUnlinked f) {
      link(item, f.partnerId(), f.employeeId(), f.clientId(), f.eventId());
    } else if (fact instanceof Activity f) {
      throw new IllegalArgumentException("activities are stored by ActivityStore");
    }
    return item;
  }

  /**
   * The fact an item holds: a {@code FACT} item, or a stored {@code ACTIVITY} (every stored
   * activity qualified when it was ingested). Returns null for other items (dead letters).
   */
  public static Fact fact(Map<String, AttributeValue> item) {
    String kind = item.containsKey(Attr.KIND) ? item.get(Attr.KIND).s() : "";
    if (kind.equals("ACTIVITY")) {
      AttributeValue activityId = item.get(Attr.ACTIVITY_ID); // absent on items stored before identities
      return new Activity(
          activityId != null ? activityId.s() : item.get(Attr.EVENT_ID).n(), num(item, Attr.CLIENT_ID), num(item, Attr.USER_ID),
          item.get(Attr.ACTIVITY_TYPE).s(), time(item), true);
    }
    if (!kind.equals("FACT")) {
      return null;
    }
    String id = item.get(Attr.EVENT_ID).s();
    Instant at = time(item);
    return switch (item.get(Attr.TYPE).s()) {
      case "PARTNER_REGISTERED" -> new PartnerRegistered(
          id, at, num(item, Attr.PARTNER_ID), str(item, Attr.NAME),
          item.get(Attr.DOMAINS).l().stream().map(AttributeValue::s).toList(),
          Boolean.TRUE.equals(item.get(Attr.GROWTH_MARKET).bool()));
      case "EMPLOYEE_ADDED" -> new EmployeeAdded(
          id, at, num(item, Attr.PARTNER_ID), num(item, Attr.EMPLOYEE_ID), str(item, Attr.EMAIL));
      case "EMPLOYEE_REMOVED" -> new EmployeeRemoved(
          id, at, num(item, Attr.PARTNER_ID), num(item, Attr.EMPLOYEE_ID));
      case "DEAL_SOLD" -> new DealSold(
          id, at, num(item, Attr.PARTNER_ID), num(item, Attr.CLIENT_ID), money(item),
          DealKind.valueOf(str(item, Attr.DEAL_KIND)));
      case "CLIENT_UPSERTED" -> new ClientUpserted(
          id, at, num(item, Attr.CLIENT_ID), str(item, Attr.NAME), str(item, Attr.DOMAIN),
          Currency.getInstance(str(item, Attr.CURRENCY)));
      case "SUBSCRIPTION_CHANGED" -> new SubscriptionChanged(id, at, num(item, Attr.CLIENT_ID), money(item));
      case "CLIENT_USER_ADDED" -> new ClientUserAdded(
          id, at, num(item, Attr.CLIENT_ID), num(item, Attr.USER_ID), str(item, Attr.EMAIL));
      case "CLIENT_USER_DEACTIVATED" -> new ClientUserDeactivated(
          id, at, num(item, Attr.CLIENT_ID), num(item, Attr.USER_ID));
      case "CLIENT_USER_REACTIVATED" -> new ClientUserReactivated(
          id, at, num(item, Attr.CLIENT_ID), num(item, Attr.USER_ID), optionalNum(item, Attr.BY_PARTNER_ADMIN));
      case "CLIENT_USER_REMOVED" -> new ClientUserRemoved(
          id, at, num(item, Attr.CLIENT_ID), num(item, Attr.USER_ID), optionalNum(item, Attr.BY_PARTNER_ADMIN));
      case "CLIENT_LINKED" -> new ClientLinked(
          id, at, num(item, Attr.PARTNER_ID), num(item, Attr.EMPLOYEE_ID), num(item, Attr.CLIENT_ID));
      case "CLIENT_UNLINKED" -> new ClientUnlinked(
          id, at, num(item, Attr.PARTNER_ID), num(item, Attr.EMPLOYEE_ID), num(item, Attr.CLIENT_ID));
      default -> throw new IllegalArgumentException("unknown fact type " + item.get(Attr.TYPE).s());
    };
  }

  private static void clientUser(Map<String, AttributeValue> item, long clientId, long userId) {
    item.put(Attr.CLIENT_ID, n(clientId));
    item.put(Attr.USER_ID, n(userId));
  }

  private static void link(
      Map<String, AttributeValue> item, long partnerId, long employeeId, long clientId, String eventId) {
    item.put(Attr.PARTNER_ID, n(partnerId));
    item.put(Attr.EMPLOYEE_ID, n(employeeId));
    item.put(Attr.CLIENT_ID, n(clientId));
    item.put(Attr.GSI1PK, s(Keys.linksOf(partnerId)));
    item.put(Attr.GSI1SK, s(Keys.client(clientId) + "#" + eventId));
  }

  private static void money(Map<String, AttributeValue> item, Money money) {
    item.put(Attr.MRR, s(money.toString()));
    item.put(Attr.CURRENCY, s(money.currency().getCurrencyCode()));
  }

  private static Money money(Map<String, AttributeValue> item) {
    return Money.of(new BigDecimal(str(item, Attr.MRR)), Currency.getInstance(str(item, Attr.CURRENCY)));
  }

  private static Instant time(Map<String, AttributeValue> item) {
    return Instant.ofEpochMilli(num(item, Attr.OCCURRED_AT));
  }

  private static OptionalLong optionalNum(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.n()));
  }

  private static long num(Map<String, AttributeValue> item, String name) {
    return Long.parseLong(item.get(name).n());
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
