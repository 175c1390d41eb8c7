package com.partnercredit.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Random;

/**
 * A realistic random fact set for the property tests: 2-4 partners with domains (some growth market,
 * some re-registered), employees matching a domain or freelancers, some removed; 1-4 clients in USD,
 * EUR, GBP, JPY or CHF (CHF has no US$100 equivalent) with MRR changes (zero included); employees and
 * the client's own staff as users, deactivated, reactivated, removed and added again; links and
 * unlinks; sold deals; activities, mostly qualifying. Times fall on a coarse grid (day + 0 or 10
 * hours) so that equal timestamps are common.
 */
public record RandomWorld(List<Fact> facts, List<Instant> times, List<Long> clientIds, List<Long> userIds) {

  public static final Instant START = Instant.parse("2025-05-01T00:00:00Z"); // spans the 2025-07-15 tables
  public static final int DAYS = 150;
  private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY", "CHF"};

  public static RandomWorld generate(Random random) {
    return new Builder(random).build();
  }

  static Instant at(int day, int hour) {
    return START.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
  }

  private static final class Builder {
    final Random random;
    final List<Fact> facts = new ArrayList<>();
    final List<Long> clientIds = new ArrayList<>();
    final List<Long> userIds = new ArrayList<>();
    final List<long[]> employees = new ArrayList<>(); // partnerId, employeeId
    final List<String> employeeEmails = new ArrayList<>();
    int sequence;

    Builder(Random random) {
      this.random = random;
    }

    String id() {
      return String.format("f%05d", ++sequence);
    }

    Instant time() {
      return at(random.nextInt(DAYS), random.nextBoolean() ? 0 : 10);
    }

    Instant timeFrom(Instant earliest) {
      Instant t = time();
      return t.isBefore(earliest) ? earliest.plus(Duration.ofDays(random.nextInt(30))) : t;
    }

    boolean chance(int percent) {
      return random.nextInt(100) < percent;
    }

    RandomWorld build() {
      int partners = 2 + random.nextInt(3);
      for (int p = 0; p < partners; p++) {
        long partnerId = 100 + p;
        String domain = "agency" + p + ".com";
        facts.add(new PartnerRegistered(id(), at(-30, 0), partnerId, "Partner " + p, List.of(domain), chance(30)));
        if (chance(15)) {
          facts.add(new PartnerRegistered(id(), time(), partnerId, "Partner " + p,
              chance(50) ? List.of() : List.of(domain, "other" + p + ".com"), chance(50)));
        }
        int count = 1 + random.nextInt(3);
        for (int e = 0; e < count; e++) {
          long employeeId = partnerId * 10 + e;
          String email = chance(75) ? "emp" + e + "@" + domain : "freelancer" + p + e + "@free.io";
          Instant added = chance(70) ? at(-10, 0) : time();
          facts.add(new EmployeeAdded(id(), added, partnerId, employeeId, chance(20) ? email.toUpperCase() : email));
          if (chance(20)) {
            facts.add(new EmployeeRemoved(id(), timeFrom(added), partnerId, employeeId));
          }
          employees.add(new long[] {partnerId, employeeId});
          employeeEmails.add(email);
        }
      }
      int clients = 1 + random.nextInt(4);
      for (int c = 0; c < clients; c++) {
        client(1000 + c);
      }
      return new RandomWorld(List.copyOf(facts), times(), List.copyOf(clientIds), List.copyOf(userIds));
    }

    void client(long clientId) {
      clientIds.add(clientId);
      String code = CURRENCIES[random.nextInt(CURRENCIES.length)];
      Currency currency = Currency.getInstance(code);
      facts.add(new ClientUpserted(id(), at(-20, 0), clientId, "Client " + clientId, clientId + ".com", currency));
      int changes = random.nextInt(3);
      for (int i = 0; i < changes; i++) {
        facts.add(new SubscriptionChanged(id(), i == 0 ? at(-20, 0) : time(), clientId, mrr(currency)));
      }
      List<Long> users = new ArrayList<>();
      // partner employees as users on the account
      for (int e = 0; e < employees.size(); e++) {
        if (!chance(45)) {
          continue;
        }
        long userId = clientId * 100 + e;
        users.add(userId);
        user(clientId, userId, employeeEmails.get(e));
        long[] pe = employees.get(e);
        if (chance(20)) {
          facts.add(new ClientLinked(id(), time(), pe[0], pe[1], clientId));
        }
        if (chance(15)) {
          facts.add(new ClientUnlinked(id(), time(), pe[0], pe[1], clientId));
        }
      }
      // the client's own staff
      for (int i = 0; i < 1 + random.nextInt(2); i++) {
        long userId = clientId * 100 + 90 + i;
        users.add(userId);
        user(clientId, userId, "staff" + i + "@" + clientId + ".com");
      }
      for (long userId : users) {
        int activities = random.nextInt(6);
        for (int a = 0; a < activities; a++) {
          boolean qualifying = chance(85);
          facts.add(new Activity(id(), clientId, userId, qualifying ? "contact.creation" : "user.login",
              time(), qualifying));
        }
      }
      if (chance(40)) {
        long[] pe = employees.get(random.nextInt(employees.size()));
        facts.add(new DealSold(id(), time(), pe[0], clientId, mrr(currency),
            chance(50) ? DealKind.SOURCED : DealKind.ASSISTED));
      }
      userIds.addAll(users);
    }

    void user(long clientId, long userId, String email) {
      Instant added = chance(50) ? at(-5, 0) : time();
      facts.add(new ClientUserAdded(id(), added, clientId, userId, email));
      if (chance(20)) {
        Instant deactivated = timeFrom(added);
        facts.add(new ClientUserDeactivated(id(), deactivated, clientId, userId));
        if (chance(50)) {
          facts.add(new ClientUserReactivated(id(), timeFrom(deactivated), clientId, userId));
        }
      }
      if (chance(20)) {
        Instant removed = timeFrom(added);
        facts.add(new ClientUserRemoved(id(), removed, clientId, userId));
        if (chance(40)) {
          facts.add(new ClientUserAdded(id(), timeFrom(removed), clientId, userId, email));
        }
      }
    }

    Money mrr(Currency currency) {
      return switch (random.nextInt(5)) {
        case 0 -> Money.zero(currency);
        case 1 -> new Money(1, currency);
        default -> new Money(random.nextInt(5_000_000), currency);
      };
    }

    List<Instant> times() {
      List<Instant> times = new ArrayList<>();
      times.add(at(random.nextInt(DAYS), 0));
      times.add(at(random.nextInt(DAYS), 10)); // on the grid: equal to fact times
      times.add(at(random.nextInt(DAYS + 60), 0).plusMillis(random.nextInt(86_400_000)));
      return times;
    }
  }
}
