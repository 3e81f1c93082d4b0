package org.sealcheck.checker.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * What a GuestMemInvalidation step changed, as the note under it: pages allocated and freed,
 * SPTEs installed and zapped, KVM's mmu_invalidate_* state, memslots and bindings, attributes,
 * PG_hwpoison, the file's lifetime, host PTEs, and the use after free KASAN would report.
 */
final class GmemChanges {

  private GmemChanges() {}

  static List<String> of(SpecState before, SpecState after) {
    List<String> out = new ArrayList<>();
    eachChanged(before, after, "folios", (k, was, now) -> {
      if (isPfn(now) && !isPfn(was)) {
        out.add("allocates " + now.asString() + " for index " + k);
      } else if (isPfn(was) && !isPfn(now)) {
        out.add("frees " + was.asString() + " (index " + k + ")");
      }
    });
    eachChanged(before, after, "spte", (g, was, now) -> {
      SpecValue pfn = now.apply(SpecValue.of("pfn"));
      if (pfn.asString().equals("NoPfn")) {
        out.add("zaps spte[gfn " + g + "]");
      } else {
        boolean priv = now.apply(SpecValue.of("private")).asBool();
        out.add("spte[gfn " + g + "] = " + (pfn.asString().equals("hva") ? "the host page" : pfn.asString())
            + (priv ? ", private" : ", shared"));
      }
    });
    scalar(before, after, "mmu_invalidate_in_progress", out);
    scalar(before, after, "mmu_invalidate_seq", out);
    long s0 = before.get("mmu_invalidate_range_start").asLong();
    long s1 = after.get("mmu_invalidate_range_start").asLong();
    long e1 = after.get("mmu_invalidate_range_end").asLong();
    if ((s0 != s1 || before.get("mmu_invalidate_range_end").asLong() != e1) && s1 >= 0) {
      out.add("range gfns [" + s1 + ", " + e1 + ")");
    }
    after.get("hwpoison").asSet().stream().filter(p -> !before.get("hwpoison").asSet().contains(p))
        .forEach(p -> out.add("PG_hwpoison on " + p.asString()));
    eachChanged(before, after, "memslot", (s, was, now) -> out.add(switch (now.asString()) {
      case "invalid" -> "memslot " + s + " KVM_MEMSLOT_INVALID";
      case "freed" -> "memslot " + s + " freed" + (bound(after, s) ? ", its binding kept" : "");
      case "active" -> "memslot " + s + " created" + (bound(after, s) && !bound(before, s)
          ? ", bound at pgoff " + after.get("gmem_pgoff").apply(SpecValue.of(Long.parseLong(s))).asLong() : "");
      default -> "memslot " + s + " " + now.asString();
    }));
    eachChanged(before, after, "gmem_pgoff", (s, was, now) -> {
      boolean created = before.get("memslot").apply(SpecValue.of(Long.parseLong(s))).asString().equals("none");
      if (!created) {
        out.add(now.asLong() < 0 ? "unbinds memslot " + s : "binds memslot " + s + " at pgoff " + now.asLong());
      }
    });
    eachChanged(before, after, "gmem_file", (s, was, now) -> {
      if (!now.asBool() && !(bound(before, s) && !bound(after, s))) {
        out.add("memslot " + s + ": slot->gmem.file = NULL");
      }
    });
    eachChanged(before, after, "attributes", (g, was, now) -> out.add("gfn " + g + " now " + now.asString()));
    eachChanged(before, after, "host_pte", (i, was, now) -> out.add(isPfn(now)
        ? "host PTE of index " + i + " = " + now.asString() : "unmaps the host PTE of index " + i));
    after.get("hva_populated").asSet().stream().filter(g -> !before.get("hva_populated").asSet().contains(g))
        .forEach(g -> out.add("a host page backs gfn " + g));
    String f0 = before.get("file_state").asString();
    String f1 = after.get("file_state").asString();
    if (!f0.equals(f1)) {
      out.add(f1.equals("dying") ? "the last reference: the file is dying" : "the file is " + f1);
    }
    if (!before.get("kasan").asBool() && after.get("kasan").asBool()) {
      out.add("KASAN: use-after-free write to the freed memslot");
    }
    return out;
  }

  /** Whether any of KVM's mmu_invalidate_* state or an SPTE changed. */
  static boolean invalidated(SpecState before, SpecState after) {
    for (String v : List.of("mmu_invalidate_in_progress", "mmu_invalidate_seq", "mmu_invalidate_range_start",
        "mmu_invalidate_range_end", "spte")) {
      if (!before.get(v).equals(after.get(v))) {
        return true;
      }
    }
    return false;
  }

  private interface Changed {
    void at(String key, SpecValue was, SpecValue now);
  }

  private static void eachChanged(SpecState before, SpecState after, String var, Changed c) {
    Map<SpecValue, SpecValue> was = before.get(var).asFunction();
    for (Map.Entry<SpecValue, SpecValue> e : after.get(var).asFunction().entrySet()) {
      SpecValue old = was.get(e.getKey());
      if (!e.getValue().equals(old)) {
        c.at(key(e.getKey()), old, e.getValue());
      }
    }
  }

  private static String key(SpecValue k) {
    return k instanceof SpecValue.Str s ? s.value() : k.toTla();
  }

  private static void scalar(SpecState before, SpecState after, String var, List<String> out) {
    long was = before.get(var).asLong();
    long now = after.get(var).asLong();
    if (was != now) {
      out.add(var + " = " + now);
    }
  }

  private static boolean bound(SpecState s, String slot) {
    return s.get("gmem_pgoff").apply(SpecValue.of(Long.parseLong(slot))).asLong() >= 0;
  }

  private static boolean isPfn(SpecValue v) {
    return v instanceof SpecValue.Str s && !s.value().equals("NoPfn");
  }
}
