package io.optim4rl.envs.control.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Without the native library, creating a task fails saying how to install it (runs everywhere). */
class MujocoUnavailableTest {

  @Test
  void missingLibraryMessageNamesTheLibraryAndTheInstallCommand() {
    String missing = "/nonexistent/optim4rl/libmujoco.so.2.2.2";
    String before = System.getProperty(Mujoco.LIBRARY_PROPERTY);
    System.setProperty(Mujoco.LIBRARY_PROPERTY, missing);
    try {
      assertEquals(missing, Mujoco.libraryName());
      assertFalse(Mujoco.isAvailable());
      for (String task : MujocoTasks.names()) {
        MujocoUnavailableException e = assertThrows(MujocoUnavailableException.class,
            () -> MujocoTasks.create(task, 2, 0, 0L));
        assertTrue(e.getMessage().contains(missing), e.getMessage());
        assertTrue(e.getMessage().contains("sudo apt-get install libmujoco2.2.2 libmujoco-samples"),
            e.getMessage());
      }
    } finally {
      if (before == null) {
        System.clearProperty(Mujoco.LIBRARY_PROPERTY);
      } else {
        System.setProperty(Mujoco.LIBRARY_PROPERTY, before);
      }
    }
  }

  @Test
  void defaultLibraryIsTheDebianRuntimePackage() {
    assertEquals("libmujoco.so.2.2.2", Mujoco.DEFAULT_LIBRARY);
  }
}
