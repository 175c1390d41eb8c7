package com.partnercredit.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityCatalogueTest {
  private final ActivityCatalogue catalogue = ActivityCatalogue.standard();

  /** Every extension type docs/api.md section 2 lists. */
  private static final List<String> EXTENSION_TYPES = List.of(
      "blog_post.published", "blog_post.edited", "landing_page.published", "landing_page.edited",
      "website_page.published", "marketing_email.published", "marketing_email.edited", "workflow.created",
      "workflow.edited", "form.created", "form.edited", "list.created", "list.edited", "cta.created",
      "cta.edited", "social_post.published", "user.login");

  private static final List<String> CRM_EVENTS = List.of(
      "creation", "propertyChange", "associationChange", "deletion", "merge", "restore", "privacyDeletion");

  /** As ingestion reads the catalogue: an unknown type does not qualify. */
  private boolean qualifies(String type) {
    ActivityCatalogue.Entry entry = catalogue.lookup(type);
    return entry != null && entry.qualifying();
  }

  @Test
  void knowsEveryTypeTheContractLists() {
    for (String type : EXTENSION_TYPES) {
      assertNotNull(catalogue.lookup(type), type);
    }
    for (String object : List.of("contact", "company", "deal", "ticket")) {
      for (String event : CRM_EVENTS) {
        assertNotNull(catalogue.lookup(object + "." + event), object + "." + event);
      }
    }
  }

  @Test
  void creatingAndEditingQualify() {
    assertTrue(qualifies("contact.creation"));
    assertTrue(qualifies("deal.propertyChange"));
    assertTrue(qualifies("workflow.edited"));
  }

  @Test
  void publishingToolsQualifyWhenPublished() {
    assertTrue(qualifies("blog_post.published"));
    assertFalse(qualifies("blog_post.edited"));
  }

  @Test
  void loginsAndDeletionsNeverQualify() {
    assertFalse(qualifies("user.login"));
    assertFalse(qualifies("contact.deletion"));
    assertFalse(qualifies("ticket.privacyDeletion"));
  }

  @Test
  void unknownTypesDoNotQualify() {
    assertNull(catalogue.lookup("spaceship.launch"));
    assertFalse(qualifies("spaceship.launch"));
  }

  @Test
  void entriesNameTheirTool() {
    assertEquals("Blog", catalogue.lookup("blog_post.published").tool());
    assertEquals("CRM", catalogue.lookup("contact.creation").tool());
  }
}
