package io.optim4rl.envs.control.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Model sizes, observation sizes and the factory's answers. */
class MujocoTasksTest {

  @Test
  void namesAndSizesNeedNoLibrary() {
    assertEquals(List.of("ant", "humanoid", "inverted_double_pendulum", "walker2d"), MujocoTasks.names());
    assertEquals(27, MujocoTasks.observationSize("ant"));
    assertEquals(426, MujocoTasks.observationSize("humanoid"));
    assertEquals(17, MujocoTasks.observationSize("walker2d"));
    assertEquals(11, MujocoTasks.observationSize("inverted_double_pendulum"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MujocoTasks.create("hopper", 1, 0, 0L));
    assertTrue(e.getMessage().contains("walker2d"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "ant, 15, 14, 8, 10, 0.05",
      "humanoid, 28, 27, 21, 17, 0.015",
      "inverted_double_pendulum, 3, 3, 1, 4, 0.05",
      "walker2d, 9, 9, 6, 8, 0.008"})
  void modelLoadsWithExpectedSizes(String task, int nq, int nv, int nu, int nbody, double dt) {
    assumeTrue(Mujoco.isAvailable(), "MuJoCo 2.2.2 not installed");
    assertEquals(222, Mujoco.version());
    try (MujocoVecEnv env = MujocoTasks.create(task, 3, 0, 1L)) {
      assertEquals(task, env.taskName());
      assertEquals(nq, env.model().nq());
      assertEquals(nv, env.model().nv());
      assertEquals(nu, env.model().nu());
      assertEquals(nbody, env.model().nbody());
      assertEquals(nu, env.actionSize());
      assertEquals(MujocoTasks.actionSize(task), env.actionSize());
      assertEquals(MujocoTasks.observationSize(task), env.observationSize());
      assertEquals(1000, env.episodeLength());
      assertEquals(dt, env.dt(), 1e-12);
      for (int j = 0; j < nu; j++) {
        assertEquals(-1.0, env.model().ctrlLow(j));
        assertEquals(1.0, env.model().ctrlHigh(j));
      }
      float[] obs = new float[3 * env.observationSize() + 2];
      obs[obs.length - 1] = 42f;
      env.observe(obs, 1);
      assertEquals(42f, obs[obs.length - 1], "observe wrote past its range");
      for (int k = 1; k < obs.length - 1; k++) {
        assertTrue(Float.isFinite(obs[k]), "observation entry " + k);
      }
    }
  }

  @Test
  void missingHumanoidFileIsExplained() {
    assumeTrue(Mujoco.isAvailable(), "MuJoCo 2.2.2 not installed");
    String missing = "/nonexistent/optim4rl/humanoid.xml";
    System.setProperty(HumanoidTask.PATH_PROPERTY, missing);
    try {
      MujocoUnavailableException e = assertThrows(MujocoUnavailableException.class,
          () -> MujocoTasks.create("humanoid", 1, 0, 0L));
      assertTrue(e.getMessage().contains(missing), e.getMessage());
      assertTrue(e.getMessage().contains(Mujoco.INSTALL_COMMAND), e.getMessage());
    } finally {
      System.clearProperty(HumanoidTask.PATH_PROPERTY);
    }
  }
}
