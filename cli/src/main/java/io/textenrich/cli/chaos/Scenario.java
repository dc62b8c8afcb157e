package io.textenrich.cli.chaos;

/** One fault drill: sets up its own topics and services on the lab, injects its faults, and counts. */
interface Scenario {

  String name();

  /** One line for {@code --help} and the report. */
  String description();

  ScenarioResult run(ChaosLab lab, Scale scale) throws Exception;
}
