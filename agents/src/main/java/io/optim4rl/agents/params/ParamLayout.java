package io.optim4rl.agents.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layout of a flat parameter vector: named tensors in canonical order.
 *
 * <p>The canonical order is the sorted order of the flax parameter paths (what JAX's tree flattening
 * gives, REFERENCE 2), so a flat vector here lines up element for element with the reference's
 * flattened parameter tree. Networks, optimizers and the learned optimizer all work on the flat vector.
 */
public final class ParamLayout {

  private final List<ParamTensor> tensors;
  private final Map<String, ParamTensor> byName;
  private final long numParams;

  private ParamLayout(List<ParamTensor> tensors) {
    this.tensors = Collections.unmodifiableList(tensors);
    Map<String, ParamTensor> map = new LinkedHashMap<>();
    long n = 0;
    for (ParamTensor t : tensors) {
      map.put(t.name(), t);
      n += t.size();
    }
    this.byName = Collections.unmodifiableMap(map);
    this.numParams = n;
  }

  /** Builds a layout from (name, shape) pairs; the tensors are sorted by name into canonical order. */
  public static ParamLayout of(Map<String, long[]> shapes) {
    List<String> names = new ArrayList<>(shapes.keySet());
    Collections.sort(names);
    List<ParamTensor> list = new ArrayList<>();
    long offset = 0;
    for (String name : names) {
      ParamTensor t = new ParamTensor(name, shapes.get(name), offset);
      list.add(t);
      offset += t.size();
    }
    return new ParamLayout(list);
  }

  /** Tensors in canonical order. */
  public List<ParamTensor> tensors() {
    return tensors;
  }

  /** Total number of scalars. */
  public long numParams() {
    return numParams;
  }

  /** The tensor called {@code name}; fails naming the known tensors if there is none. */
  public ParamTensor get(String name) {
    ParamTensor t = byName.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter tensor '" + name + "'; known: " + byName.keySet());
    }
    return t;
  }

  /** A view of tensor {@code name} inside {@code flat}, reshaped to its stored shape (writes go through). */
  public INDArray view(INDArray flat, String name) {
    ParamTensor t = get(name);
    INDArray slice = flat.get(NDArrayIndex.interval(t.offset(), t.offset() + t.size()));
    return slice.reshape('c', t.shape());
  }
}
