// Seed 004 (the contact centre and its phone memo) walked end to end through the shipped
// hotline.toml (issue 11).
#include "journeys/journey.hpp"
