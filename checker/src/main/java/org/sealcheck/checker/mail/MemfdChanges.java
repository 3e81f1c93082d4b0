package org.sealcheck.checker.mail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.sealcheck.model.memfd.Seal;
import org.sealcheck.model.memfd.VmFlag;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * What a MemfdSeals step changed that its call does not say, as the note under it: seals a seal
 * implies, {@code i_mmap_writable}, a new mapping's {@code vm_flags}, pages allocated, written by the
 * guest or freed, and private COW copies.
 */
final class MemfdChanges {

  private MemfdChanges() {}

  static List<String> of(SpecState before, SpecState after, Set<Seal> requested, int maxPages, int vmas) {
    List<String> out = new ArrayList<>();
    if (requested != null) {
      Set<String> implied = new TreeSet<>(strings(after.get("seals")));
      implied.removeAll(strings(before.get("seals")));
      requested.forEach(s -> implied.remove(s.specName()));
      if (!implied.isEmpty()) {
        EnumSet<Seal> s = EnumSet.noneOf(Seal.class);
        implied.forEach(n -> s.add(Seal.fromName(n)));
        out.add("implies " + s.stream().map(Enum::name).collect(Collectors.joining(", ")));
      }
    }
    for (int v = 1; v <= vmas; v++) {
      SpecValue was = before.get("vm_flags").apply(SpecValue.of(v));
      SpecValue now = after.get("vm_flags").apply(SpecValue.of(v));
      if (!was.equals(now) && !now.asSet().isEmpty()) {
        EnumSet<VmFlag> f = EnumSet.noneOf(VmFlag.class);
        strings(now).forEach(n -> f.add(VmFlag.valueOf(n)));
        out.add("vm_flags " + f.stream().map(Enum::name).collect(Collectors.joining("|")));
      }
    }
    long w0 = before.get("i_mmap_writable").asLong();
    long w1 = after.get("i_mmap_writable").asLong();
    if (w0 != w1) {
      out.add("i_mmap_writable = " + w1);
    }
    for (int i = 0; i < maxPages; i++) {
      String was = page(before, i);
      String now = page(after, i);
      if (was.equals(now)) {
        continue;
      }
      if (now.equals("none")) {
        out.add("frees page " + i);
      } else if (was.equals("none")) {
        out.add("allocates page " + i + (now.equals("zero") ? "" : ": " + data(now)));
      } else {
        out.add("page " + i + ": " + data(now));
      }
    }
    for (int v = 1; v <= vmas; v++) {
      boolean unmapped = after.get("vm_flags").apply(SpecValue.of(v)).asSet().isEmpty();
      for (int i = 0; i < maxPages && !unmapped; i++) {
        String was = anon(before, v, i);
        String now = anon(after, v, i);
        if (!was.equals(now)) {
          out.add(now.equals("none") ? "drops the COW copy of page " + i + " at " + MemfdCalls.address(v, i)
              : "COW copy of page " + i + " at " + MemfdCalls.address(v, i) + ": " + data(now));
        }
      }
    }
    return out;
  }

  /** What a reader sees of a page tag: "zeros", "user data", "the guest's data". */
  static String data(String tag) {
    return switch (tag) {
      case "zero", "none" -> "zeros";
      case "user" -> "user data";
      case "guest" -> "the guest's data";
      default -> tag;
    };
  }

  private static String page(SpecState s, int i) {
    return s.get("i_pages").apply(SpecValue.of(i)).asString();
  }

  private static String anon(SpecState s, int v, int i) {
    return s.get("anon_vma").apply(SpecValue.of(v)).apply(SpecValue.of(i)).asString();
  }

  private static List<String> strings(SpecValue set) {
    return set.asSet().stream().map(SpecValue::asString).toList();
  }
}
