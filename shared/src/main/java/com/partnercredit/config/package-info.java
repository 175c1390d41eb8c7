/** Loading configuration data (the rulebook's effective-dated tables) into domain objects. */
package com.partnercredit.config;
