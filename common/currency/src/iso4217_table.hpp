#pragma once
// The table behind cambio::currency::all() (iso4217_table.cpp).

#include <vector>

#include "cambio/currency.hpp"
