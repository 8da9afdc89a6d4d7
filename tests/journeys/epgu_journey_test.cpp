// Seed 002 (СП ЕПГУ and СП РПГУ) walked end to end through the shipped epgu.toml (issue 11).
#include "journeys/journey.hpp"
